// Names the server and its clients share.
export const FIX_ALL_KIND = 'source.fixAll.script-contracts';
export const COMMANDS = {
  checkWorkspace: 'scriptContracts.server.checkWorkspace',
  generateContract: 'scriptContracts.server.generateContract',
  /**
   * A code lens's click: arguments `[uri, position, locations]`, the shape of VS Code's
   * editor.action.showReferences (the VS Code extension maps the lens to that command).
   * Run by the server, it opens the first location with window/showDocument when the
   * client can, and answers the locations.
   */
  showReferences: 'scriptContracts.server.showReferences',
  pipelineGraph: 'scriptContracts.server.pipelineGraph',
};
