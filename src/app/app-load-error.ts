/** A problem that stops an app from loading; the message names the file and the path inside it. */
export class AppLoadError extends Error {
  readonly file: string;
  readonly path: string;

  constructor(file: string, path: string, message: string) {
    super(path ? `${file}: ${path}: ${message}` : `${file}: ${message}`);
    this.name = 'AppLoadError';
    this.file = file;
    this.path = path;
  }
}
