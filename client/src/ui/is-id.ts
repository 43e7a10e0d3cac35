/** An id of this API (a UUID); anything else in the URL (a mistyped link) is ignored: a list filter sends only an id. */
export const isId = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
