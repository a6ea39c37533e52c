// Recipients of a sending given as a CSV table (pasted or uploaded; ';' or ',' separated, or the
// tab-separated cells a spreadsheet copies): the address column, then up to
// kMaxAttributes attribute columns whose values each invitation keeps (LimeSurvey's participant
// attributes, Qualtrics' embedded data) so that results can be cross-tabulated by them.
//
// Pseudonymity: attributes describe groups (a sector, a territory), never who a supported person is.
// Columns whose header says they hold names or contact details are refused; values are not inspected.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trame::campaigns {

constexpr std::size_t kMaxAttributes = 5;       // attribute columns after the address
constexpr std::size_t kMaxAttributeValue = 60;  // code points of a value
constexpr std::size_t kMaxHeader = 40;          // code points of a header as typed
constexpr std::size_t kMaxKey = 30;             // bytes of a normalised key

struct TableRow {
  std::size_t line = 0;           // in the text, 1-based
  std::string email;              // lower-cased
  std::string attributes = "{}";  // JSON object key → value (empty values left out)
};

struct RecipientTable {
  std::vector<std::string> keys;    // normalised header of each attribute column
  std::vector<std::string> labels;  // the same headers as typed (trimmed)
  std::vector<TableRow> rows;
  // JSON object key → label, kept by the sending for the results' labels.
  std::string labels_json() const;
};

// Why a table was refused: a catalogue key (campaigns.errors.csv.*) and its parameters, always with
// "line" (the line at fault).
struct TableError {
  std::size_t line = 0;
  std::string key;
  std::vector<std::pair<std::string, std::string>> params;
};

// The key an attribute header becomes: lower case, accents dropped, every run of other characters
// one '_', none at the ends ("Secteur d'activité" → "secteur_d_activite"); empty when nothing is left.
std::string attribute_key(std::string_view header);

// Reads the table; nullopt with *error on the first refusal (nothing is created then). A table with
// a header and no address is returned with no rows (the caller says so).
std::optional<RecipientTable> parse_recipient_table(std::string_view text, TableError* error);

}  // namespace trame::campaigns
