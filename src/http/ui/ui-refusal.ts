/** A console request refused before anything changed: its status and the reason shown to the person. */
export class UiRefusal extends Error {
  constructor(
    readonly status: 401 | 403 | 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'UiRefusal';
  }
}
