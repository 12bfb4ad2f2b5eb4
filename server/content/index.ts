// Content domain: reports (articles), views and readers, search, publishing.
export * from './model';
export * from './schemas';
export * from './cursor';
export * from './query';
export * from './articles';
export * from './indexes';
