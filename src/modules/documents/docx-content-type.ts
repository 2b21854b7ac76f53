/**
 * The `.docx` media type, apart from the generator so that naming it (the controller does) does
 * not load the docx library (~13 MB) into every process that registers the documents module.
 */
export const DOCX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
