const inner = new TypeError('the cause');
throw new Error('wrapper', { cause: inner });
