require('fs').readFileSync('/nope');
