export const typed = 'type module .js';
