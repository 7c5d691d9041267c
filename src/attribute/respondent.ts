// The respondent type lives in core (config reads respondents.csv into it); attribution imports it from here.
export type { Respondent } from '../core/types.ts';
