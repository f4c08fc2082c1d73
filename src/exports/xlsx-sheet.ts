import { CellValue, neutralizeText } from './cell-safety';
import type { ZipText } from './zip-writer';

/*
 * The parts of a one-sheet XLSX workbook as the raw exports write it, built as text straight from the cells (no
 * object per row or cell): the same content as exceljs's streaming WorkbookWriter wrote before (text cells as
 * `t="str"`, numbers, dates as Excel serial numbers with the format `yyyy-mm-dd hh:mm:ss`, a bold, frozen header
 * row, column widths), without its theme part.
 */

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Style indexes of styles.xml's cellXfs. */
const STYLE_BOLD = 1;
const STYLE_DATE = 2;

/**
 * Characters XML 1.0 does not allow (control characters but tab, LF and CR; U+FFFE and U+FFFF, which a respondent
 * can send) and DEL are left out, as exceljs did; a CR is written as a character reference, which an XML parser
 * keeps (a literal CR it would turn into LF).
 */
// eslint-disable-next-line no-control-regex -- these control characters are what the expression is for
const XML_SPECIAL = /[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex -- as above
const XML_SPECIAL_ALL = /[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

export function escapeXml(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_ALL, (character) => ENTITIES[character] ?? '') : text;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** Days since 1899-12-30 (Excel's 1900 date system), as exceljs wrote dates. */
export function excelSerial(date: Date): number {
  return 25569 + date.getTime() / 86_400_000;
}

/** The writer of one sheet's rows: `<row>` elements as text, row numbers counted from 1 (the header). */
export class SheetRows {
  private readonly letters: string[];
  private rowNumber = 0;

  constructor(columns: number) {
    this.letters = Array.from({ length: columns }, (_, index) => columnLetters(index));
  }

  /** The header row: neutralized text, bold (row and cells). */
  header(names: string[]): string {
    this.rowNumber += 1;
    const r = this.rowNumber;
    let xml = `<row r="${r}" s="${STYLE_BOLD}" customFormat="1">`;
    for (let index = 0; index < names.length; index += 1) {
      xml += `<c r="${this.letters[index]}${r}" s="${STYLE_BOLD}" t="str"><v>${escapeXml(neutralizeText(names[index]))}</v></c>`;
    }
    return `${xml}</row>`;
  }

  /** A data row: text neutralized, null cells left out. */
  row(cells: readonly CellValue[]): string {
    this.rowNumber += 1;
    const r = this.rowNumber;
    let xml = `<row r="${r}">`;
    for (let index = 0; index < cells.length; index += 1) {
      const cell = cells[index];
      if (cell === null || cell === undefined) continue;
      const ref = `${this.letters[index] ?? columnLetters(index)}${r}`;
      if (typeof cell === 'string') xml += `<c r="${ref}" t="str"><v>${escapeXml(neutralizeText(cell))}</v></c>`;
      else if (typeof cell === 'number') xml += `<c r="${ref}"><v>${cell}</v></c>`;
      else xml += `<c r="${ref}" s="${STYLE_DATE}"><v>${excelSerial(cell)}</v></c>`;
    }
    return `${xml}</row>`;
  }
}

/** The worksheet's text before its rows: frozen first row, column widths from the header. */
export function sheetStart(header: string[]): string {
  const widths = header
    .map(
      (name, index) =>
        `<col min="${index + 1}" max="${index + 1}" width="${Math.min(Math.max(name.length + 2, 12), 40)}" customWidth="1"/>`,
    )
    .join('');
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
    `${header.length > 0 ? `<cols>${widths}</cols>` : ''}<sheetData>`
  );
}

export const SHEET_END = '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

export const SHEET_PART = 'xl/worksheets/sheet1.xml';

const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** The workbook's parts other than the sheet, for a sheet named `sheetName` (already a valid sheet name). */
export function workbookParts(sheetName: string, creator: string, now: Date): ZipText[] {
  const stamp = `${now.toISOString().slice(0, 19)}Z`;
  const relationship = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  return [
    {
      name: '[Content_Types].xml',
      text:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        `<Override PartName="/${SHEET_PART}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      text:
        `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">` +
        relationship('rId1', `${REL_NS}/officeDocument`, 'xl/workbook.xml') +
        relationship('rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml') +
        relationship('rId3', `${REL_NS}/extended-properties`, 'docProps/app.xml') +
        '</Relationships>',
    },
    {
      name: 'docProps/app.xml',
      text:
        `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>survey-waves</Application>' +
        '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>' +
        '<vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>' +
        `<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>${escapeXml(sheetName)}</vt:lpstr></vt:vector></TitlesOfParts></Properties>`,
    },
    {
      name: 'docProps/core.xml',
      text:
        `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:creator>${escapeXml(creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`,
    },
    {
      name: 'xl/workbook.xml',
      text:
        `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/>` +
        `<sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId2"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text:
        `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">` +
        relationship('rId1', `${REL_NS}/styles`, 'styles.xml') +
        relationship('rId2', `${REL_NS}/worksheet`, 'worksheets/sheet1.xml') +
        '</Relationships>',
    },
    { name: 'xl/styles.xml', text: STYLES },
  ];
}
