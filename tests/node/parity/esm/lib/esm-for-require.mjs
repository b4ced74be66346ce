export const named = 'named export';
export default 'default export';
