#include "network/directory_import/service.hpp"

#include <algorithm>
#include <ctime>
#include <map>

#include <sodium.h>

#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/http/form.hpp"
#include "network/territory/csv.hpp"

namespace trame::directory_import {

namespace {

constexpr std::size_t kMaxRows = 5000;

std::string kind_of(const std::string& value) {
  static const std::map<std::string, std::string> labels = {{"social", "social"},
                                                            {"relais social", "social"},
                                                            {"culturel", "cultural"},
                                                            {"culture", "cultural"},
                                                            {"cultural", "cultural"},
                                                            {"sport", "sport"},
                                                            {"sportif", "sport"},
                                                            {"loisirs", "leisure"},
                                                            {"loisir", "leisure"},
                                                            {"leisure", "leisure"},
                                                            {"organisme de formation", "training"},
                                                            {"formation", "training"},
                                                            {"training", "training"},
                                                            {"certificateur", "certifier"},
                                                            {"certifier", "certifier"},
                                                            {"financeur", "funder"},
                                                            {"funder", "funder"},
                                                            {"collectivite ou administration", "authority"},
                                                            {"collectivite", "authority"},
                                                            {"administration", "authority"},
                                                            {"authority", "authority"}};
  std::string folded = fold_for_search(value);
  // "Social (relais social, CCAS…)", as the directory's list shows it: the words before the bracket.
  if (auto bracket = value.find('('); bracket != std::string::npos) folded = fold_for_search(value.substr(0, bracket));
  auto it = labels.find(folded);
  return it == labels.end() ? std::string() : it->second;
}

std::optional<int> yes_no(const std::string& value) {
  std::string v = fold_for_search(value);
  if (v.empty() || v == "non" || v == "n" || v == "0" || v == "faux" || v == "no") return 0;
  if (v == "oui" || v == "o" || v == "1" || v == "x" || v == "vrai" || v == "yes") return 1;
  return std::nullopt;
}

std::string today_utc() {
  std::time_t t = static_cast<std::time_t>(store::now_seconds());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string new_token() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

// A key of organisations::Service, with what the import adds to it (the value at fault).
LineError line_error(const Row& row, const Outcome& o, const std::vector<Row>& rows) {
  LineError e{row.line, o.error, {}};
  const auto& org = row.organisation;
  if (o.error == "annuaire.scope.errors.commune") {
    e.key = "annuaire.scope.errors.import_commune";
    e.params = {{"value", org.commune_code.empty() ? std::string("—") : org.commune_code}};
  } else if (o.error == "organisations.errors.commune") {
    e.key = "directory_import.errors.commune";
    e.params = {{"value", org.commune_code}};
  } else if (o.error == "annuaire.qpv.errors.not_in_commune") {
    e.key = "directory_import.errors.qpv";
    e.params = {{"value", org.priority_area_code}, {"commune", org.commune_code}};
  } else if (o.error == "organisations.errors.siret") {
    e.key = "directory_import.errors.siret";
    e.params = {{"value", org.siret}};
  } else if (o.error == "organisations.errors.duplicate_siret") {
    e.key = "directory_import.errors.duplicate_siret";
    e.params = {{"value", org.siret}};
  } else if (o.error == "organisations.errors.duplicate") {
    e.key = "directory_import.errors.duplicate_name";
    e.params = {{"value", org.name}};
  } else if (o.error == "directory_import.errors.duplicate_in_file") {
    std::size_t first = o.id >= 0 && static_cast<std::size_t>(o.id) < rows.size() ? rows[o.id].line : 0;
    e.key = o.field == "siret" ? "directory_import.errors.duplicate_in_file_siret"
                               : "directory_import.errors.duplicate_in_file_name";
    e.params = {{"value", o.field == "siret" ? org.siret : org.name}, {"first", std::to_string(first)}};
  }
  return e;
}

}  // namespace

void parse(const std::string& content, std::vector<Row>& rows, std::vector<LineError>& errors) {
  rows.clear();
  errors.clear();
  territory::csv::Document doc;
  try {
    doc = territory::csv::read(content);
  } catch (const territory::csv::Error& ex) {
    errors.push_back({ex.line(), "directory_import.errors.csv", {{"detail", ex.message()}}});
    return;
  }
  if (doc.rows.size() < 2) {
    errors.push_back({doc.rows.empty() ? 1 : doc.rows[0].line, "directory_import.errors.no_rows", {}});
    return;
  }
  if (doc.rows.size() - 1 > kMaxRows) {
    errors.push_back({0, "directory_import.errors.too_many_rows", {{"max", std::to_string(kMaxRows)}}});
    return;
  }
  // Header: column name (folded) → index.
  const auto& header = doc.rows[0];
  std::map<std::string, std::size_t> index;
  std::map<std::string, std::string> known;
  for (const auto& c : columns()) known[fold_for_search(c)] = c;
  bool header_ok = true;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = trim(header.fields[i]);
    auto it = known.find(fold_for_search(name));
    if (it == known.end()) {
      errors.push_back({header.line, "directory_import.errors.unknown_column", {{"value", name}}});
      header_ok = false;
    } else if (!index.emplace(it->second, i).second) {
      errors.push_back({header.line, "directory_import.errors.repeated_column", {{"value", name}}});
      header_ok = false;
    }
  }
  for (const char* required : {"nom", "type"})
    if (!index.count(required)) {
      errors.push_back({header.line, "directory_import.errors.missing_column", {{"value", required}}});
      header_ok = false;
    }
  if (!header_ok) return;

  for (std::size_t r = 1; r < doc.rows.size(); ++r) {
    const auto& line = doc.rows[r];
    auto get = [&](const char* column) -> std::string {
      auto it = index.find(column);
      return it == index.end() ? std::string() : trim(line.fields[it->second]);
    };
    Row row;
    row.line = line.line;
    auto& o = row.organisation;
    o.name = get("nom");
    std::string type = get("type");
    if (type.empty()) {
      errors.push_back({line.line, "directory_import.errors.kind_required", {}});
      continue;
    }
    o.kind = kind_of(type);
    if (o.kind.empty()) {
      errors.push_back({line.line, "directory_import.errors.kind", {{"value", type}}});
      continue;
    }
    std::string sector = get("secteur");
    if (!sector.empty()) {
      std::string folded = fold_for_search(sector);
      for (const auto& s : organisations::sectors())
        if (fold_for_search(s) == folded) o.sector = s;
      if (o.sector.empty()) {
        errors.push_back({line.line, "directory_import.errors.sector", {{"value", sector}}});
        continue;
      }
    }
    o.subtype = get("type_precis");
    o.siret = get("siret");
    o.address = get("adresse");
    o.commune_code = get("commune");
    o.priority_area_code = get("qpv");
    o.website = get("site");
    o.phone = get("telephone");
    o.public_email = get("courriel");
    o.description = get("description");
    o.accessibility.note = get("accessibilite_precisions");
    o.opening_hours = get("horaires");
    bool flags_ok = true;
    for (auto [column, target] : {std::pair{"accessibilite_moteur", &o.accessibility.motor},
                                  std::pair{"accessibilite_visuel", &o.accessibility.visual},
                                  std::pair{"accessibilite_auditif", &o.accessibility.hearing},
                                  std::pair{"accessibilite_mental", &o.accessibility.mental}}) {
      std::string v = get(column);
      auto b = yes_no(v);
      if (!b) {
        errors.push_back({line.line, "directory_import.errors.yes_no", {{"column", column}, {"value", v}}});
        flags_ok = false;
        break;
      }
      *target = *b;
    }
    if (!flags_ok) continue;
    rows.push_back(std::move(row));
  }
}

std::string template_csv() {
  // Through docs::csv_line, as every CSV the application writes.
  return std::string(docs::kCsvBom) + docs::csv_line(columns()) +
         docs::csv_line({"Exemple de structure (à remplacer)", "Culturel", "culturel", "Médiathèque", "",
                         "1 place de la Mairie", "44003", "", "https://exemple.fr", "02 40 00 00 00",
                         "contact@exemple.fr", "Une courte présentation.", "oui", "non", "non", "non",
                         "Rampe d'accès à l'entrée", "Du mardi au samedi, 10 h - 18 h"});
}

Outcome Service::upload(const Actor& actor, const std::string& file_name, const std::string& content,
                        std::string& token) {
  if (content.empty()) return Outcome::failure("directory_import.errors.empty_file", "file");
  if (!http::is_valid_utf8(content) || content.find('\0') != std::string::npos)
    return Outcome::failure("directory_import.errors.encoding", "file");
  Batch b;
  b.token = new_token();
  b.user_id = actor.id;
  // The name as shown: cleaned (no folder, control or bidirectional characters), with a text
  // extension (.csv kept, anything else becomes .txt), at most 200 bytes.
  b.file_name = docs::stored_file_name(file_name, docs::kText);
  b.content = content;
  b.created_at = store::now_seconds();
  db_.write([&](soci::session& sql) {
    b.id = repo_.insert(sql, b);
    audit_.record(sql, actor, "directory.import_uploaded", "import:" + std::to_string(b.id),
                  b.file_name + ", " + std::to_string(content.size()) + " octet(s)");
  });
  token = b.token;
  return Outcome::success(b.id);
}

void Service::validate(Preview& p, bool dry_run, const Actor* actor, Outcome* result,
                       const organisations::Scope& scope) {
  parse(p.batch.content, p.rows, p.errors);
  std::vector<organisations::Organisation> orgs;
  for (const auto& r : p.rows) orgs.push_back(r.organisation);
  std::vector<std::pair<std::size_t, Outcome>> failures;
  std::string provenance = "import CSV: " + p.batch.file_name + ", " + today_utc();
  bool parse_failed = !p.errors.empty();
  Outcome outcome;
  if (parse_failed || dry_run) {
    outcome = organisations_.create_many(Actor{}, orgs, provenance, failures, true, {}, scope);
    if (parse_failed && outcome.ok) outcome = Outcome::failure("directory_import.errors.has_errors");
  } else {
    long long batch_id = p.batch.id;
    std::size_t count = orgs.size();
    std::string file_name = p.batch.file_name;
    outcome = organisations_.create_many(
        *actor, orgs, provenance, failures, false,
        [&](soci::session& sql) {
          if (!repo_.mark_imported(sql, batch_id, static_cast<long long>(count), store::now_seconds()))
            return Outcome::conflict("directory_import.errors.already_imported");
          audit_.record(sql, *actor, "directory.imported", "import:" + std::to_string(batch_id),
                        file_name + ", " + std::to_string(count) + " structure(s) créée(s)");
          return Outcome::success();
        },
        scope);
  }
  for (const auto& [i, o] : failures) p.errors.push_back(line_error(p.rows[i], o, p.rows));
  std::vector<Row> kept;
  std::vector<bool> faulty(p.rows.size(), false);
  for (const auto& f : failures) faulty[f.first] = true;
  for (std::size_t i = 0; i < p.rows.size(); ++i)
    if (!faulty[i]) {
      Row r = p.rows[i];
      r.organisation = orgs[i];  // normalised, with the commune's name
      kept.push_back(std::move(r));
    }
  p.rows = std::move(kept);
  std::stable_sort(p.errors.begin(), p.errors.end(),
                   [](const LineError& a, const LineError& b) { return a.line < b.line; });
  if (result) *result = outcome;
}

std::optional<Preview> Service::preview(const std::string& token, long long user_id, bool is_admin,
                                        const organisations::Scope& scope) {
  if (token.size() > 64) return std::nullopt;
  auto batch = db_.read([&](soci::session& sql) { return repo_.find(sql, token); });
  if (!batch || (batch->user_id != user_id && !is_admin)) return std::nullopt;
  Preview p;
  p.batch = std::move(*batch);
  // An imported batch is not checked again: its rows are now in the directory.
  if (p.batch.status != "imported") validate(p, true, nullptr, nullptr, scope);
  return p;
}

Outcome Service::confirm(const Actor& actor, Preview& preview, const organisations::Scope& scope) {
  if (preview.batch.status == "imported") return Outcome::conflict("directory_import.errors.already_imported");
  Outcome result;
  validate(preview, false, &actor, &result, scope);
  if (result.ok) preview.batch.status = "imported";
  return result;
}

}  // namespace trame::directory_import
