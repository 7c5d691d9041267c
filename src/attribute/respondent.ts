/** A body expected to reply: for the DLT, one of the 294 Landkreise (pipelines/<id>/respondents.csv). */
export interface Respondent {
  /** Official key (Amtlicher Gemeindeschlüssel, 5 digits for a Kreis). */
  ags: string;
  name: string;
  /** The inferred official name ("Landkreis Harz", "Kreis Ostholstein"): a matching aid, not authoritative. */
  officialName: string;
  landCode: string;
  land: string;
}
