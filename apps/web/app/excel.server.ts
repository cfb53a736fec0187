// Spreadsheet code reaches routes only through this .server module (keeps exceljs out of the browser).
export * from '@kamkor/excel';
