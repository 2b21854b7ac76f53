/**
 * A promulgated document's identity, recorded once, in the promulgating transaction, on the
 * instance and in its history event; the `.docx` is rendered from it and the form data.
 */
export interface PromulgatedDocument {
  /** The register's number: consecutive per issuing body, type and year, from 1. */
  number: number;
  /** Number and symbol as printed after "Số": `03-QC/HU`. */
  symbol: string;
  /** The issuing date in the organisation's time zone, `YYYY-MM-DD`. */
  issuedAt: string;
  /** Who signed (ký ban hành): the promulgating official's full name. */
  signer: string;
  signerTitle: string;
  onBehalfOf: string;
  /** Nơi nhận, in order; "Lưu Văn phòng" is printed after them. */
  recipients: string[];
  type: string;
  typeName: string;
  /** The Party committee whose register numbered it: "Huyện ủy Châu Thành". */
  issuingBody: { id: string; name: string };
  /** The Party organisation above the issuing body, printed above it ("Đảng bộ tỉnh …"). */
  superiorBody: string | null;
  /** The place in the place-and-date line: "Châu Thành". */
  place: string;
  /** Partners who signed beside the issuer (cùng ký ban hành), each in a block of its own. */
  coSigners?: CoSigner[];
}

export interface CoSigner {
  /** "T/M ỦY BAN NHÂN DÂN". */
  onBehalfOf: string;
  /** The signer's post as given in the co-signing step ("Chủ tịch Ủy ban nhân dân xã"), or "". */
  title: string;
  signer: string;
  unitName: string;
}
