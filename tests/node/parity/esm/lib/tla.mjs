export const value = await new Promise((resolve) => setTimeout(() => resolve('waited'), 1));
