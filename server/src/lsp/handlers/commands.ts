// Names the server and its clients share.
export const FIX_ALL_KIND = 'source.fixAll.script-contracts';
export const COMMANDS = { checkWorkspace: 'scriptContracts.server.checkWorkspace', generateContract: 'scriptContracts.server.generateContract' };
