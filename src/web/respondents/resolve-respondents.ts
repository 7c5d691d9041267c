// Attribution is pure and lives in src/attribute/; the web reads it through this name.
export { resolveRespondents } from '../../attribute/resolve-respondents.ts';
export { unitKey, type ReplyUnit } from '../../core/respondent.ts';
