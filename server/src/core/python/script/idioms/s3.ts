// A script that moves data to or from S3 itself (boto3's upload_file/download_file, put_object,
// get_object, the SDK's S3Uploader/S3Downloader, session.upload_data): what its step mounts or
// uploads is then not the only way data comes in or goes out, so rules about a folder the script
// ignores or leaves empty say so at information.
import type { MethodCall, ScriptWalk } from '../walk';

const DOWNLOADS = new Set(['download_file', 'download_fileobj', 'get_object']);
const UPLOADS = new Set(['upload_file', 'upload_fileobj', 'put_object', 'upload_data']);

export function words(): string[] {
  return [...DOWNLOADS, ...UPLOADS, 'S3Uploader', 'S3Downloader'];
}

export function methodCall(w: ScriptWalk, c: MethodCall): boolean {
  if (!c.attr) return false;
  const sdk = /\bS3(Up|Down)loader$/.exec(c.obj ?? '');
  if (DOWNLOADS.has(c.attr) || (sdk?.[1] === 'Down' && /^(download|read_file)$/.test(c.attr))) (w.facts.s3 ??= {}).downloads = true;
  else if (UPLOADS.has(c.attr) || (sdk?.[1] === 'Up' && /^(upload|upload_string_as_file_body)$/.test(c.attr))) (w.facts.s3 ??= {}).uploads = true;
  return false;
}
