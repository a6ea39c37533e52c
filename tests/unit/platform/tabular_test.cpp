// Tabular exports (src/docs/tabular.hpp): CSV fields that a spreadsheet would run as a formula are
// neutralised (OWASP "CSV injection": = + - @ tab CR), and the XLSX writer stores every field as a
// string cell, never as a formula.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "platform/docs/tabular.hpp"

using namespace trame;

namespace {

std::uint32_t le(const std::string& b, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b.at(at + i));
  return v;
}

// The content of entry `name` of the zip archive `zip` (stored or deflated), from its central directory.
std::string zip_entry(const std::string& zip, const std::string& name) {
  std::size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) throw std::runtime_error("not a zip");
  std::size_t entries = le(zip, eocd + 10, 2), at = le(zip, eocd + 16, 4);
  for (std::size_t e = 0; e < entries; ++e) {
    std::size_t name_len = le(zip, at + 28, 2), extra = le(zip, at + 30, 2), comment = le(zip, at + 32, 2);
    if (zip.substr(at + 46, name_len) == name) {
      int method = static_cast<int>(le(zip, at + 10, 2));
      std::size_t packed = le(zip, at + 20, 4), size = le(zip, at + 24, 4), local = le(zip, at + 42, 4);
      std::size_t data = local + 30 + le(zip, local + 26, 2) + le(zip, local + 28, 2);
      std::string in = zip.substr(data, packed);
      if (method == 0) return in;
      std::string out(size, '\0');
      z_stream zs{};
      inflateInit2(&zs, -15);
      zs.next_in = reinterpret_cast<Bytef*>(in.data());
      zs.avail_in = static_cast<uInt>(in.size());
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = static_cast<uInt>(out.size());
      int rc = inflate(&zs, Z_FINISH);
      inflateEnd(&zs);
      if (rc != Z_STREAM_END) throw std::runtime_error("inflate failed");
      return out;
    }
    at += 46 + name_len + extra + comment;
  }
  throw std::runtime_error("no entry " + name);
}

}  // namespace

TEST(Tabular, CsvNeutralisesEveryFormulaOpening) {
  // OWASP: a cell starting with = + - @ TAB or CR is prefixed with a quote.
  for (std::string f : {"=1+1", "+33 6 00 00 00 00", "-2+3", "@SUM(A1:A2)", "\t=cmd|' /C calc'!A0",
                        "\r=HYPERLINK(\"http://x\")", "\tpresque rien", "\rretour"}) {
    EXPECT_TRUE(docs::looks_like_formula(f)) << f;
    EXPECT_EQ(docs::neutralise_formula(f), "'" + f) << f;
  }
  // Fullwidth forms some spreadsheets fold into ASCII.
  for (std::string f : {"＝1+1", "＋1", "－1", "＠SUM(A1)"}) EXPECT_TRUE(docs::looks_like_formula(f)) << f;
  for (std::string f : {"", "Médiathèque", " =1+1", "1-2", "a=b", "'déjà", "\n"})
    EXPECT_FALSE(docs::looks_like_formula(f)) << f;
  EXPECT_EQ(docs::neutralise_formula("Atelier"), "Atelier");
}

TEST(Tabular, CsvLineQuotesAfterNeutralising) {
  EXPECT_EQ(docs::csv_line({"nom", "=1+1", "-5"}), "nom;'=1+1;'-5\r\n");
  // A tab-led field is prefixed; a CR-led one is prefixed and, holding a CR, quoted.
  EXPECT_EQ(docs::csv_line({"\t=2*3"}), "'\t=2*3\r\n");
  EXPECT_EQ(docs::csv_line({"\r=2*3", "x"}), "\"'\r=2*3\";x\r\n");
  EXPECT_EQ(docs::csv_line({"dit \"oui\"", "a;b", "=a;b"}), "\"dit \"\"oui\"\"\";\"a;b\";\"'=a;b\"\r\n");
  EXPECT_EQ(docs::csv_line({}), "\r\n");
}

TEST(Tabular, XlsxWritesFormulaLookingFieldsAsStrings) {
  std::string zip;
  {
    docs::XlsxFile book("Export", {"=titre", "colonne"});
    book.add_row({"=1+1", "@SUM(A1:A2)"});
    book.add_row({"\t=cmd", "+33 6"});
    std::ifstream in(book.close(), std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string sheet = zip_entry(zip, "xl/worksheets/sheet1.xml");
  // No formula cell at all; each value is there as text.
  EXPECT_EQ(sheet.find("<f>"), std::string::npos) << sheet;
  EXPECT_EQ(sheet.find("<f "), std::string::npos) << sheet;
  std::string strings =
      sheet +
      (zip.find("xl/sharedStrings.xml") != std::string::npos ? zip_entry(zip, "xl/sharedStrings.xml") : std::string());
  for (std::string v : {"=titre", "=1+1", "@SUM(A1:A2)", "=cmd", "+33 6"})
    EXPECT_NE(strings.find(v), std::string::npos) << v;
  EXPECT_NE(sheet.find("t=\"inlineStr\""), std::string::npos);
}

namespace {

// Runs `body` with the process in Europe/Paris (as the server runs), then puts TZ back.
template <class F>
void in_paris(F body) {
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  body();
  if (old) setenv("TZ", saved.c_str(), 1);
  else unsetenv("TZ");
  tzset();
}

// The <c .../> element of cell `ref` ("B2") in a worksheet's XML.
std::string cell_xml(const std::string& sheet, const std::string& ref) {
  std::size_t at = sheet.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return {};
  std::size_t open_end = sheet.find('>', at);
  if (sheet[open_end - 1] == '/') return sheet.substr(at, open_end + 1 - at);
  return sheet.substr(at, sheet.find("</c>", at) + 4 - at);
}

}  // namespace

// Excel: numbers are numbers (SUM works, 10 sorts after 9) and dates are dates with a French format,
// not text; the CSV keeps each cell's text.
TEST(Tabular, XlsxWritesNumbersAsNumbersAndDatesAsDates) {
  in_paris([] {
    const long long t = 1773322200;  // 12/03/2026 14:30 in Paris
    std::string zip;
    {
      docs::XlsxFile book("Export", {"N°", "Reçue le", "Jour", "Heures", "Nom", "Vide"});
      book.add_row({docs::Cell::integer(10), docs::Cell::date_time(t), docs::Cell::date(t),
                    docs::Cell::decimal(1.5, 2, "1.5"), "Alice", docs::Cell::date_time(0)});
      book.add_row({docs::Cell::integer(9), docs::Cell::date_time(t + 60), docs::Cell::day("2026-03-13"),
                    docs::Cell::decimal(12.25), "=1+1", ""});
      std::ifstream in(book.close(), std::ios::binary);
      zip.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::string sheet = zip_entry(zip, "xl/worksheets/sheet1.xml");
    std::string styles = zip_entry(zip, "xl/styles.xml");
    // A2: a number cell (no t="s" / t="inlineStr" / t="str"), value 10.
    std::string a2 = cell_xml(sheet, "A2");
    ASSERT_FALSE(a2.empty()) << sheet;
    EXPECT_EQ(a2.find("t=\""), std::string::npos) << a2;
    EXPECT_NE(a2.find("<v>10</v>"), std::string::npos) << a2;
    // B2: a date-time serial (days since 30/12/1899, local time) with a date style.
    std::string b2 = cell_xml(sheet, "B2");
    EXPECT_EQ(b2.find("t=\""), std::string::npos) << b2;
    EXPECT_NE(b2.find("<v>46093.6041666666"), std::string::npos) << b2;
    EXPECT_NE(b2.find(" s=\""), std::string::npos) << b2;
    std::string c2 = cell_xml(sheet, "C2");
    EXPECT_NE(c2.find("<v>46093</v>"), std::string::npos) << c2;
    EXPECT_NE(cell_xml(sheet, "C3").find("<v>46094</v>"), std::string::npos) << sheet;
    // The styles hold the French date formats (a French Excel shows jj/mm/aaaa) and a decimal one.
    EXPECT_NE(styles.find("formatCode=\"dd/mm/yyyy\""), std::string::npos) << styles;
    EXPECT_NE(styles.find("formatCode=\"dd/mm/yyyy hh:mm\""), std::string::npos) << styles;
    EXPECT_NE(styles.find("formatCode=\"#,##0.00\""), std::string::npos) << styles;
    EXPECT_NE(cell_xml(sheet, "D2").find("<v>1.5</v>"), std::string::npos) << sheet;
    // Text stays text; an empty date is an empty cell; date columns are wide enough not to show ####.
    EXPECT_NE(cell_xml(sheet, "E2").find("t=\"inlineStr\""), std::string::npos) << sheet;
    EXPECT_NE(cell_xml(sheet, "E3").find("t=\"inlineStr\""), std::string::npos) << sheet;
    EXPECT_EQ(cell_xml(sheet, "F2"), "");
    EXPECT_NE(sheet.find("<cols>"), std::string::npos) << sheet;
    // The CSV writes the texts: digits, dd/mm/yyyy, a decimal comma unless the caller gave its text.
    EXPECT_EQ(
        docs::csv_line({docs::Cell::integer(10), docs::Cell::date(t), docs::Cell::date_time(t),
                        docs::Cell::decimal(12.25), docs::Cell::decimal(1.5, 2, "1.5"), docs::Cell::date(0), "-2"}),
        "10;12/03/2026;12/03/2026 14:30;\"12,25\";1.5;;'-2\r\n");
    EXPECT_EQ(docs::Cell::day("13/03/2026").kind(), docs::Cell::Kind::text);
  });
}

// A row wider than XLSX's 16,384 columns is cut at the last column XLSX has (XFD): before, the 16-bit
// column counter wrapped round at 65,536 and the loop never ended.
TEST(Tabular, XlsxCutsARowWiderThanTheSheetAtItsLastColumn) {
  constexpr std::size_t wide = 70'000;  // past both 16,384 and the 16-bit wrap at 65,536
  std::vector<std::string> headers(wide, "h");
  std::vector<std::string> fields(wide, "v");
  fields[16'383] = "last";
  fields[16'384] = "beyond";
  std::string zip;
  {
    docs::XlsxFile book("Large", headers);
    book.add_row(fields);
    std::ifstream in(book.close(), std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string sheet = zip_entry(zip, "xl/worksheets/sheet1.xml");
  EXPECT_NE(cell_xml(sheet, "XFD2"), "") << "the last column is written";
  EXPECT_NE(cell_xml(sheet, "XFD2").find("last"), std::string::npos);
  EXPECT_EQ(sheet.find("beyond"), std::string::npos) << "nothing past column XFD";
  EXPECT_EQ(sheet.find("<c r=\"XFE"), std::string::npos);
}

// A workbook of several sheets (the yearly report's XLSX): each sheet its header row and its rows, numbers as
// numbers, names made valid and unique; the first sheet's API is unchanged.
TEST(Tabular, XlsxWritesSeveralSheetsEachWithItsRows) {
  std::string zip;
  {
    docs::XlsxFile book("Indicateurs", {"Indicateur", "Valeur"});
    book.add_row({"Places utilisées", docs::Cell::integer(1234)});
    book.add_sheet("Par mois", {"Mois", "Places"});
    book.add_row({"2023-09", docs::Cell::integer(42)});
    book.add_row({"2023-10", docs::Cell::decimal(7.5, 1)});
    book.add_sheet("Par mois", {"Mois"});  // same name: made unique
    book.add_sheet("Relais: a/b [c] et un nom bien trop long pour Excel", {"Relais"});
    std::ifstream in(book.close(), std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string workbook = zip_entry(zip, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"Indicateurs\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("name=\"Par mois\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("name=\"Par mois (2)\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("name=\"Relais- a-b -c- et un nom bien \""), std::string::npos) << workbook;
  std::string first = zip_entry(zip, "xl/worksheets/sheet1.xml");
  std::string second = zip_entry(zip, "xl/worksheets/sheet2.xml");
  EXPECT_NE(cell_xml(first, "B2").find("<v>1234</v>"), std::string::npos) << first;
  EXPECT_EQ(cell_xml(first, "B2").find("t=\""), std::string::npos) << first;
  EXPECT_NE(cell_xml(second, "A1").find("Mois"), std::string::npos) << second;
  EXPECT_NE(cell_xml(second, "B2").find("<v>42</v>"), std::string::npos) << second;
  EXPECT_NE(cell_xml(second, "B3").find("<v>7.5</v>"), std::string::npos) << second;
  EXPECT_EQ(cell_xml(second, "B4"), "");
  EXPECT_NO_THROW(zip_entry(zip, "xl/worksheets/sheet4.xml"));
}
