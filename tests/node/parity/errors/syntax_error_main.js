console.log('never runs');
let x = ;
