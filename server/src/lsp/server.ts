export function startServer(): void { throw new Error("not yet"); }
