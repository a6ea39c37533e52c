#include "questionnaires/campaigns/recipients.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "network/territory/csv.hpp"
#include "platform/core/text.hpp"

namespace trame::campaigns {

namespace {

bool is_one(const std::string& key, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return key == n; });
}

// Headers of the address column.
bool address_header(const std::string& key) {
  return is_one(key, {"email", "e_mail", "mail", "mel", "courriel", "adresse", "adresse_email", "adresse_e_mail",
                      "adresse_mail", "adresse_mel", "adresse_courriel", "adresse_electronique"});
}

// Keys Trame itself writes in invitations' attributes (results name or translate them).
bool reserved_key(const std::string& key) {
  return is_one(key, {"sector", "delegation", "delegation_id", "session", "session_id", "organisation",
                      "organisation_id", "relais", "relais_id", "age_band"});
}

// Headers that announce who a person is or how to reach them: never an attribute.
bool identity_header(const std::string& key) {
  return address_header(key) ||
         is_one(key, {"nom",       "prenom",     "name",           "first_name",     "last_name",   "firstname",
                      "lastname",  "nom_prenom", "prenom_nom",     "nom_de_famille", "nom_complet", "full_name",
                      "telephone", "tel",        "portable",       "phone",          "mobile",      "date_de_naissance",
                      "naissance", "birth_date", "adresse_postale"});
}

TableError refusal(std::size_t line, std::string key, std::vector<std::pair<std::string, std::string>> params = {}) {
  params.insert(params.begin(), {"line", std::to_string(line)});
  return TableError{line, "campaigns.errors.csv." + std::move(key), std::move(params)};
}

bool has_control(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Cells copied from a spreadsheet and pasted come tab-separated: when the header line has tabs and
// neither ';' nor ',', every line is rewritten as ';'-separated quoted fields (lines keep their numbers).
std::string from_tabs(std::string_view text) {
  const auto end = text.find('\n');
  const std::string_view first = text.substr(0, end);
  if (first.find('\t') == std::string_view::npos || first.find_first_of(";,") != std::string_view::npos)
    return std::string(text);
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t stop = text.find('\n', start);
    std::string_view line = text.substr(start, stop == std::string_view::npos ? std::string_view::npos : stop - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!trim(line).empty()) {
      std::string field;
      auto flush = [&] {
        out += '"';
        for (char ch : field) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        out += '"';
        field.clear();
      };
      for (char ch : line) {
        if (ch == '\t') {
          flush();
          out += ';';
        } else {
          field += ch;
        }
      }
      flush();
    }
    out += '\n';
    if (stop == std::string_view::npos) break;
    start = stop + 1;
  }
  return out;
}

}  // namespace

std::string RecipientTable::labels_json() const {
  boost::json::object o;
  for (std::size_t i = 0; i < keys.size(); ++i) o[keys[i]] = labels[i];
  return boost::json::serialize(o);
}

std::string attribute_key(std::string_view header) {
  std::string folded = fold_for_search(header);
  std::string out;
  for (char ch : folded) {
    const bool word = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (word) out += ch;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::optional<RecipientTable> parse_recipient_table(std::string_view text, TableError* error) {
  auto fail = [&](TableError e) -> std::optional<RecipientTable> {
    if (error) *error = std::move(e);
    return std::nullopt;
  };
  territory::csv::Document doc;
  try {
    doc = territory::csv::read(from_tabs(text));
  } catch (const territory::csv::Error& ex) {
    return fail(refusal(ex.line(), "syntax", {{"detail", ex.message()}}));
  }
  if (doc.rows.empty()) return fail(refusal(1, "empty"));
  const auto& header = doc.rows.front();
  if (header.fields.empty() || !address_header(attribute_key(header.fields[0])))
    return fail(
        refusal(header.line, "address_column", {{"found", trim(header.fields.empty() ? "" : header.fields[0])}}));
  if (header.fields.size() - 1 > kMaxAttributes)
    return fail(refusal(header.line, "too_many_columns", {{"max", std::to_string(kMaxAttributes)}}));
  RecipientTable table;
  for (std::size_t i = 1; i < header.fields.size(); ++i) {
    const std::string label = trim(header.fields[i]);
    const std::string key = attribute_key(label);
    const std::string column = std::to_string(i + 1);
    if (key.empty()) return fail(refusal(header.line, "bad_header", {{"column", column}}));
    if (code_points(label) > kMaxHeader || key.size() > kMaxKey)
      return fail(refusal(header.line, "header_long", {{"name", label}, {"max", std::to_string(kMaxHeader)}}));
    if (identity_header(key)) return fail(refusal(header.line, "identity", {{"name", label}}));
    if (reserved_key(key)) return fail(refusal(header.line, "reserved", {{"name", label}}));
    if (std::find(table.keys.begin(), table.keys.end(), key) != table.keys.end())
      return fail(refusal(header.line, "duplicate_header", {{"name", label}}));
    table.keys.push_back(key);
    table.labels.push_back(label);
  }
  std::map<std::string, std::size_t> seen;  // address → its line
  for (std::size_t r = 1; r < doc.rows.size(); ++r) {
    const auto& row = doc.rows[r];
    std::string email = trim(row.fields[0]);
    if (!plausible_email(email) || has_control(email)) return fail(refusal(row.line, "address", {{"address", email}}));
    std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
    if (auto [it, fresh] = seen.emplace(email, row.line); !fresh)
      return fail(refusal(row.line, "duplicate_address", {{"address", email}, {"first", std::to_string(it->second)}}));
    boost::json::object attributes;
    for (std::size_t i = 1; i < row.fields.size(); ++i) {
      const std::string value = trim(row.fields[i]);
      if (value.empty()) continue;
      if (has_control(value)) return fail(refusal(row.line, "control", {{"name", table.labels[i - 1]}}));
      if (code_points(value) > kMaxAttributeValue)
        return fail(refusal(row.line, "value_long",
                            {{"name", table.labels[i - 1]}, {"max", std::to_string(kMaxAttributeValue)}}));
      attributes[table.keys[i - 1]] = value;
    }
    table.rows.push_back(TableRow{row.line, email, boost::json::serialize(attributes)});
  }
  return table;
}

}  // namespace trame::campaigns
