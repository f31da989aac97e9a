export * from './temp-dir';
export * from './wait-for';
export * from './page-event.builders';
export * from './real-data';
