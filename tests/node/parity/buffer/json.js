console.log(JSON.stringify(Buffer.from('hi')));
console.log(Buffer.from('hi').toJSON());
