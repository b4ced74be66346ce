console.info('info');
console.warn('warn');
console.error('error', { e: 1 });
console.debug('debug');
process.stdout.write('no newline|');
process.stderr.write('raw stderr\n');
process.stdout.write('\n');
