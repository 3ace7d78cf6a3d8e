// diagnose --report FILE: the extension picks the format. The writer lives in the report module.
export { writeCliReport } from '../report/export';
