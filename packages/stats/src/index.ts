export {};
export * from './glm.ts';
