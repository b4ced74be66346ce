const e = new DOMException('msg', 'NotFoundError');
console.log(e.name, e.message, e.code, e instanceof Error, DOMException.NOT_FOUND_ERR, DOMException.ABORT_ERR);
const plain = new DOMException();
console.log(plain.name, JSON.stringify(plain.message), plain.code);
const withCause = new DOMException('c', { name: 'DataCloneError', cause: 'why' });
console.log(withCause.name, withCause.code, withCause.cause);
