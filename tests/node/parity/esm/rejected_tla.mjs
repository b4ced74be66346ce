await Promise.resolve();
throw new TypeError('after await');
