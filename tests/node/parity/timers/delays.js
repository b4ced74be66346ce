const order = [];
setTimeout(() => order.push('NaN'), NaN);
setTimeout(() => order.push('neg'), -5);
setTimeout(() => order.push('string 0'), '0');
setTimeout(() => order.push('undefined'));
setTimeout(() => console.log(order), 5);
