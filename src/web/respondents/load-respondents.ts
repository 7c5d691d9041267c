// Reading respondents.csv is configuration (src/config/respondents.ts); the web server reads it through this name.
export { loadRespondents } from '../../config/respondents.ts';
