// The strict CSV reader used by the imports (src/territory/csv.hpp).
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "network/territory/csv.hpp"

using namespace std::literals;
namespace csv = trame::territory::csv;

namespace {

using Fields = std::vector<std::string>;

std::vector<Fields> fields_of(const csv::Document& doc) {
  std::vector<Fields> out;
  for (const auto& row : doc.rows) out.push_back(row.fields);
  return out;
}

std::vector<std::size_t> lines_of(const csv::Document& doc) {
  std::vector<std::size_t> out;
  for (const auto& row : doc.rows) out.push_back(row.line);
  return out;
}

// The error read() throws, or a failure if it accepts the input.
csv::Error error_of(std::string_view input) {
  try {
    csv::read(input);
  } catch (const csv::Error& e) {
    return e;
  }
  ADD_FAILURE() << "accepted: " << input;
  return csv::Error(0, "");
}

}  // namespace

TEST(Csv, ReadsCommaSeparatedRowsWithLineNumbers) {
  auto doc = csv::read("code,nom,commune\nQN04401M,Bellevue,44109\nQN04403M,Malakoff,44109\n");
  EXPECT_EQ(doc.separator, ',');
  EXPECT_EQ(fields_of(doc),
            (std::vector<Fields>{
                {"code", "nom", "commune"}, {"QN04401M", "Bellevue", "44109"}, {"QN04403M", "Malakoff", "44109"}}));
  EXPECT_EQ(lines_of(doc), (std::vector<std::size_t>{1, 2, 3}));
}

TEST(Csv, DetectsSemicolonFromTheHeaderLine) {
  // French spreadsheets write ';' and keep ',' as the decimal mark inside fields.
  auto doc = csv::read("code;nom;surface\r\nQN04402M;Dervallières;1,5\r\n");
  EXPECT_EQ(doc.separator, ';');
  EXPECT_EQ(fields_of(doc), (std::vector<Fields>{{"code", "nom", "surface"}, {"QN04402M", "Dervallières", "1,5"}}));
  EXPECT_EQ(csv::detect_separator("a;b,c;d\n1,2,3,4,5"), ';');
  EXPECT_EQ(csv::detect_separator("a,b\n1;2;3"), ',');
  // Separators inside quotes do not count.
  EXPECT_EQ(csv::detect_separator("\"a;b;c\",d\n"), ',');
  EXPECT_EQ(csv::detect_separator("\xEF\xBB\xBF\n\nx;y\n"), ';');
  EXPECT_EQ(csv::detect_separator("seul\n"), ',');
}

TEST(Csv, QuotedFieldsWithDoubledQuotesSeparatorsAndLineBreaks) {
  auto doc = csv::read(
      "nom;note\n"
      "\"Bottière ; Pin Sec\";\"dit \"\"le quartier\"\"\"\n"
      "\"sur\ndeux lignes\";\"\"\n"
      "fin;\"a\r\nb\"\n");
  EXPECT_EQ(fields_of(doc), (std::vector<Fields>{{"nom", "note"},
                                                 {"Bottière ; Pin Sec", "dit \"le quartier\""},
                                                 {"sur\ndeux lignes", ""},
                                                 {"fin", "a\r\nb"}}));
  // A record is numbered by the line where it starts; quoted line breaks count.
  EXPECT_EQ(lines_of(doc), (std::vector<std::size_t>{1, 2, 3, 5}));
}

TEST(Csv, CrLfAndLfAndNoFinalNewline) {
  auto doc = csv::read("a,b\r\n1,2\n3,4");
  EXPECT_EQ(fields_of(doc), (std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
}

TEST(Csv, StripsALeadingByteOrderMarkOnly) {
  auto doc = csv::read(
      "\xEF\xBB\xBF"
      "code;nom\nQN04401M;Bellevue\n");
  EXPECT_EQ(doc.rows.front().fields.front(), "code");
  EXPECT_EQ(doc.separator, ';');
  // A byte order mark elsewhere is ordinary text.
  auto later = csv::read("a\n\xEF\xBB\xBFx\n");
  EXPECT_EQ(later.rows[1].fields[0], "\xEF\xBB\xBFx");
}

TEST(Csv, EmptyFieldsAndTrailingSeparators) {
  auto doc = csv::read("a;b;c\n;;\n1;;\n;\"\";3");
  EXPECT_EQ(fields_of(doc), (std::vector<Fields>{{"a", "b", "c"}, {"", "", ""}, {"1", "", ""}, {"", "", "3"}}));
}

TEST(Csv, SkipsBlankLinesButKeepsTheirNumbers) {
  auto doc = csv::read("\r\n\na,b\n\n1,2\r\n\r\n\n3,4\n\n");
  EXPECT_EQ(fields_of(doc), (std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(lines_of(doc), (std::vector<std::size_t>{3, 5, 8}));
}

TEST(Csv, EmptyInputHasNoRows) {
  EXPECT_TRUE(csv::read("").rows.empty());
  EXPECT_TRUE(csv::read("\xEF\xBB\xBF").rows.empty());
  EXPECT_TRUE(csv::read("\n\r\n\n").rows.empty());
}

TEST(Csv, KeepsBlanksAroundFields) {
  auto doc = csv::read("a , b\n x ,y ");
  EXPECT_EQ(fields_of(doc), (std::vector<Fields>{{"a ", " b"}, {" x ", "y "}}));
}

TEST(Csv, RefusesAnUnterminatedQuoteAtTheLineWhereItOpened) {
  auto e = error_of("code;nom\nQN04401M;Bellevue\nQN04402M;\"Dervallières\nQN04403M;Malakoff\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_STREQ(e.what(), "ligne 3 : guillemet ouvert non refermé");
  EXPECT_EQ(error_of("\"").line(), 1u);
  EXPECT_EQ(error_of("a\n\"\"\"").line(), 2u);
}

TEST(Csv, RefusesInvalidUtf8WithItsLine) {
  // "Dervallières" written in Latin-1 by an old spreadsheet.
  auto e = error_of("code;nom\nQN04401M;Bellevue\n\nQN04402M;Dervalli\xE8res\n");
  EXPECT_EQ(e.line(), 4u);
  EXPECT_EQ(e.message(), "encodage invalide (le fichier doit être en UTF-8)");
  EXPECT_EQ(error_of("a\n\xC0\xAF").line(), 2u);            // overlong '/'
  EXPECT_EQ(error_of("\xED\xA0\x80").line(), 1u);           // UTF-16 surrogate
  EXPECT_EQ(error_of("\xF4\x90\x80\x80").line(), 1u);       // above U+10FFFF
  EXPECT_EQ(error_of("ok\n\"a\nb\",\xE2\x82").line(), 3u);  // truncated at the end
  EXPECT_EQ(error_of("\xEF\xBB").line(), 1u);               // half a byte order mark
  EXPECT_NO_THROW(csv::read("\xF0\x9F\x98\x80,\xE2\x82\xAC,\xC3\xA9"));
}

TEST(Csv, RefusesNulBytes) {
  auto e = error_of("a,b\n1,\0"sv);
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.message(), "caractère nul interdit");
}

TEST(Csv, RefusesStrayQuotes) {
  EXPECT_EQ(error_of("a,b\nBel\"levue,1\n").line(), 2u);
  auto after = error_of("a,b\n\"Bellevue\" x,1\n");
  EXPECT_EQ(after.line(), 2u);
  EXPECT_NE(after.message().find("après un guillemet fermant"), std::string::npos);
  EXPECT_EQ(error_of("a,b\n\"sur\ndeux\"lignes,1\n").line(), 3u);
}

TEST(Csv, RefusesALoneCarriageReturn) {
  auto e = error_of("a,b\r1,2\r\n");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_NE(e.message().find("retour chariot isolé"), std::string::npos);
  EXPECT_EQ(error_of("a,b\n1,2\r").line(), 2u);
}

TEST(Csv, RefusesARowWhoseFieldCountDiffersFromTheHeader) {
  auto e = error_of("code;nom;commune\nQN04401M;Bellevue;44109\nQN04403M;Malakoff\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_STREQ(e.what(), "ligne 3 : 2 champs au lieu de 3 comme l'en-tête (séparateur « ; »)");
  EXPECT_EQ(error_of("a\n1,2\n").message(), "2 champs au lieu de 1 comme l'en-tête (séparateur « , »)");
}
