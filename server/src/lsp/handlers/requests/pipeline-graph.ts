// `scriptContracts/pipelineGraph` (a custom request; also the command
// scriptContracts.server.pipelineGraph for clients that only send
// workspace/executeCommand): the pipeline graph of the folder holding `uri`
// (the first indexed folder without one), files named by URI, with the
// findings on each edge's declarations.
import { pipelineView, type PipelineView } from '../../../core';
import { pathToUri } from '../../convert';
import type { Session } from '../../session';

export const PIPELINE_GRAPH_REQUEST = 'scriptContracts/pipelineGraph';

export interface PipelineGraphParams {
  /** A document or folder URI choosing the workspace folder. */
  uri?: string;
}

export type PipelineGraphResult = (PipelineView & { folder: string }) | null;

export function pipelineGraph(s: Session, p: PipelineGraphParams | undefined): PipelineGraphResult {
  const folder = p?.uri ? s.locate(p.uri)?.folder : s.folders.find((f) => f.indexed && s.settingsOf(f).enable);
  if (!folder?.indexed || !s.settingsOf(folder).enable) return null;
  const project = folder.project;
  return { ...pipelineView(project, pathToUri, (file) => project.check(file)), folder: pathToUri(folder.root) };
}
