// The one error a source raises for things the user can fix: a wrong path, a file that is no mail,
// a folder that cannot be read. The message is one line and names the path.

export class SourceError extends Error {
  override name = 'SourceError';
}

/** Turns a file-system error on `path` into a SourceError with a one-line reason; others pass through. */
export function sourceErrorFrom(error: unknown, path: string, what = 'file'): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return new SourceError(`no such file: ${path}`);
    case 'EACCES':
    case 'EPERM':
      return new SourceError(`${path}: cannot read ${what} (permission denied)`);
    case 'ENOTDIR':
      return new SourceError(`${path}: not a directory`);
    case 'EISDIR':
      return new SourceError(`${path}: is a directory`);
    case 'ELOOP':
      return new SourceError(`${path}: too many levels of symbolic links`);
    case 'EIO':
      return new SourceError(`${path}: input/output error while reading the ${what}`);
    default:
      return error;
  }
}
