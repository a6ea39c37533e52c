#include "network/territory/service.hpp"

#include "platform/core/text.hpp"

#include <boost/json.hpp>

#include "network/territory/csv.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

namespace trame::territory {

namespace {

namespace json = boost::json;

json::value read_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ImportError("fichier introuvable : " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  json::error_code ec;
  json::stream_parser parser;
  std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    std::size_t line =
        1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + std::min(consumed, text.size()), '\n'));
    throw ImportError(file.filename().string() + ", ligne " + std::to_string(line) + " : JSON invalide (" +
                      ec.message() + ")");
  }
  json::value v = parser.release();
  if (!v.is_array()) throw ImportError(file.filename().string() + " : une liste était attendue");
  return v;
}

// Field readers that name the entry and the field at fault.
struct Entry {
  const json::object& obj;
  std::string where;  // "communes.json, entrée 12"

  std::string text(const char* field, bool required = true) const {
    auto it = obj.find(field);
    if (it == obj.end() || it->value().is_null()) {
      if (!required) return {};
      throw ImportError(where + " : champ « " + field + " » manquant");
    }
    if (!it->value().is_string()) throw ImportError(where + " : champ « " + field + " » invalide (texte attendu)");
    std::string s(it->value().as_string());
    if (required && s.empty()) throw ImportError(where + " : champ « " + field + " » vide");
    return s;
  }
  long long number(const char* field) const {
    auto it = obj.find(field);
    if (it == obj.end() || it->value().is_null()) return 0;
    if (!it->value().is_int64() || it->value().as_int64() < 0)
      throw ImportError(where + " : champ « " + field + " » invalide (nombre entier positif attendu)");
    return it->value().as_int64();
  }
};

Entry entry_at(const json::array& list, std::size_t i, const std::string& file) {
  std::string where = file + ", entrée " + std::to_string(i + 1);
  if (!list[i].is_object()) throw ImportError(where + " : objet attendu");
  return Entry{list[i].as_object(), where};
}

bool is_code(const std::string& s, std::size_t min, std::size_t max) {
  if (s.size() < min || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) || c == 'A' || c == 'B'; });
}

void count(ImportReport& r, int result) {
  if (result == 1) ++r.created;
  else if (result == 2) ++r.updated;
  else ++r.unchanged;
}

}  // namespace

ImportReport Service::import_departement(const Actor& actor, const std::filesystem::path& dir, const std::string& code,
                                         const ImportProgress& progress) {
  if (!is_code(code, 2, 3)) throw ImportError("code de département invalide : « " + code + " » (exemple : 44)");
  auto report_progress = [&](const std::string& stage, std::size_t done, std::size_t total) {
    if (progress) progress(stage, done, total);
  };

  // Read and validate everything first: nothing is written unless all of it is sound.
  json::value deps = read_json(dir / "departements.json");
  Departement departement;
  bool found = false;
  const auto& dep_list = deps.as_array();
  for (std::size_t i = 0; i < dep_list.size(); ++i) {
    Entry e = entry_at(dep_list, i, "departements.json");
    if (e.text("code") != code) continue;
    departement = {code, e.text("nom"), e.text("region", false), e.text("chefLieu", false)};
    found = true;
  }
  if (!found) throw ImportError("département « " + code + " » absent de departements.json");

  json::value communes_json = read_json(dir / "communes.json");
  std::vector<Commune> communes;
  std::set<std::string> commune_codes;
  const auto& commune_list = communes_json.as_array();
  for (std::size_t i = 0; i < commune_list.size(); ++i) {
    Entry e = entry_at(commune_list, i, "communes.json");
    if (e.text("departement", false) != code || e.text("type") != "commune-actuelle") continue;
    Commune c;
    c.code = e.text("code");
    if (!is_code(c.code, 5, 5)) throw ImportError(e.where + " : champ « code » invalide (« " + c.code + " »)");
    c.name = e.text("nom");
    c.departement_code = code;
    c.siren = e.text("siren", false);
    c.population = e.number("population");
    auto postal = e.obj.find("codesPostaux");
    if (postal != e.obj.end()) {
      if (!postal->value().is_array())
        throw ImportError(e.where + " : champ « codesPostaux » invalide (liste attendue)");
      for (const auto& p : postal->value().as_array()) {
        if (!p.is_string()) throw ImportError(e.where + " : champ « codesPostaux » invalide (texte attendu)");
        c.postal_codes += (c.postal_codes.empty() ? "" : " ") + std::string(p.as_string());
      }
    }
    commune_codes.insert(c.code);
    communes.push_back(std::move(c));
    if (communes.size() % 50 == 0) report_progress("lecture des communes", communes.size(), 0);
  }
  if (communes.empty()) throw ImportError("aucune commune du département « " + code + " » dans communes.json");
  report_progress("lecture des communes", communes.size(), communes.size());

  json::value epci_json = read_json(dir / "epci.json");
  std::vector<Epci> epcis;
  std::unordered_map<std::string, std::string> epci_of_commune;
  const auto& epci_list = epci_json.as_array();
  for (std::size_t i = 0; i < epci_list.size(); ++i) {
    Entry e = entry_at(epci_list, i, "epci.json");
    auto members = e.obj.find("membres");
    if (members == e.obj.end() || !members->value().is_array())
      throw ImportError(e.where + " : champ « membres » manquant ou invalide");
    bool here = false;
    std::string siren = e.text("code");
    for (std::size_t m = 0; m < members->value().as_array().size(); ++m) {
      const auto& member = members->value().as_array()[m];
      if (!member.is_object()) throw ImportError(e.where + " : membre " + std::to_string(m + 1) + " invalide");
      Entry me{member.as_object(), e.where + ", membre " + std::to_string(m + 1)};
      std::string commune = me.text("code");
      if (commune_codes.count(commune)) {
        epci_of_commune[commune] = siren;
        here = true;
      }
    }
    if (!here) continue;
    if (!is_code(siren, 9, 9)) throw ImportError(e.where + " : champ « code » invalide (SIREN de 9 chiffres attendu)");
    epcis.push_back({siren, e.text("nom"), e.text("type", false), e.number("populationTotale"), 0, "", 0});
  }
  for (auto& c : communes) {
    auto it = epci_of_commune.find(c.code);
    if (it != epci_of_commune.end()) c.epci_siren = it->second;
  }

  ImportReport report;
  report.departement = departement.name;
  report.communes = static_cast<int>(communes.size());
  report.epcis = static_cast<int>(epcis.size());
  const std::size_t total = 1 + epcis.size() + communes.size();
  db_.write([&](soci::session& sql) {
    long long now = store::now_seconds();
    std::size_t done = 0;
    count(report, repo_.upsert_departement(sql, departement, now));
    report_progress("enregistrement", ++done, total);
    for (const auto& e : epcis) {
      count(report, repo_.upsert_epci(sql, e, now));
      report_progress("enregistrement", ++done, total);
    }
    for (const auto& c : communes) {
      count(report, repo_.upsert_commune(sql, c, now));
      if (++done % 10 == 0 || done == total) report_progress("enregistrement", done, total);
    }
    audit_.record(sql, actor, "territory.imported", "departement:" + code,
                  std::to_string(report.created) + " créé(s), " + std::to_string(report.updated) + " mis à jour, " +
                      std::to_string(report.unchanged) + " inchangé(s)");
  });
  return report;
}

std::vector<Departement> Service::departements() {
  return db_.read([&](soci::session& sql) { return repo_.departements(sql); });
}
std::optional<Departement> Service::find_departement(const std::string& code) {
  return db_.read([&](soci::session& sql) { return repo_.find_departement(sql, code); });
}
std::vector<Delegation> Service::delegations(const std::string& dep) {
  return db_.read([&](soci::session& sql) { return repo_.delegations(sql, dep); });
}
std::optional<Delegation> Service::find_delegation(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find_delegation(sql, id); });
}
std::vector<Epci> Service::epcis_of_departement(const std::string& dep) {
  return db_.read([&](soci::session& sql) { return repo_.epcis_of_departement(sql, dep); });
}
std::vector<Epci> Service::epcis_of_delegation(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.epcis_of_delegation(sql, id); });
}
std::vector<Commune> Service::communes_of_delegation(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.communes_of_delegation(sql, id); });
}
std::optional<Epci> Service::find_epci(const std::string& siren, const std::string& dep) {
  return db_.read([&](soci::session& sql) { return repo_.find_epci(sql, siren, dep); });
}
std::vector<Commune> Service::communes_of_epci(const std::string& siren) {
  return db_.read([&](soci::session& sql) { return repo_.communes_of_epci(sql, siren); });
}
std::optional<Commune> Service::find_commune(const std::string& code) {
  return db_.read([&](soci::session& sql) { return repo_.find_commune(sql, code); });
}

std::vector<Commune> Service::communes_matching(const std::string& code_or_name) {
  std::string wanted = fold_for_search(code_or_name);
  while (!wanted.empty() && wanted.back() == ' ') wanted.pop_back();
  while (!wanted.empty() && wanted.front() == ' ') wanted.erase(wanted.begin());
  if (wanted.empty()) return {};
  std::vector<Commune> out;
  for (auto& c : db_.read([&](soci::session& sql) { return repo_.commune_names(sql); }))
    if (fold_for_search(c.code) == wanted || fold_for_search(c.name) == wanted) out.push_back(std::move(c));
  return out;
}

bool Service::any_commune() {
  return db_.read([&](soci::session& sql) { return !repo_.commune_names(sql).empty(); });
}

std::vector<std::pair<std::string, long long>> Service::organisations_by_kind_in_delegation(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.organisations_by_kind_in_delegation(sql, id); });
}
std::vector<std::pair<std::string, long long>> Service::organisations_by_kind_in_commune(const std::string& code) {
  return db_.read([&](soci::session& sql) { return repo_.organisations_by_kind_in_commune(sql, code); });
}

organisations::Scope Service::scope(const Principal& me) {
  return db_.read([&](soci::session& sql) { return organisations::network_scope(sql, me, perm::territories_manage); });
}

Outcome Service::create_delegation(const Actor& actor, const std::string& dep, const std::string& raw_name,
                                   const organisations::Scope& scope) {
  if (!may_change(scope)) return Outcome::failure("errors.403.message");
  auto b = raw_name.find_first_not_of(" \t");
  auto e = raw_name.find_last_not_of(" \t");
  std::string name = b == std::string::npos ? std::string() : raw_name.substr(b, e - b + 1);
  if (name.empty() || name.size() > 120) return Outcome::failure("territory.errors.name", "name");
  return db_.write([&](soci::session& sql) {
    if (!repo_.find_departement(sql, dep)) return Outcome::failure("territory.errors.departement", "departement");
    if (repo_.find_delegation_by_name(sql, dep, name)) return Outcome::failure("territory.errors.duplicate", "name");
    long long id = repo_.insert_delegation(sql, dep, name, store::now_seconds());
    audit_.record(sql, actor, "delegation.created", "delegation:" + std::to_string(id), dep + " " + name);
    return Outcome::success(id);
  });
}

Outcome Service::add_epci(const Actor& actor, long long delegation_id, const std::string& siren,
                          const organisations::Scope& scope) {
  if (!may_change(scope)) return Outcome::failure("errors.403.message");
  return db_.write([&](soci::session& sql) {
    auto d = repo_.find_delegation(sql, delegation_id);
    if (!d) return Outcome::failure("errors.404.message");
    auto epci = repo_.find_epci(sql, siren, d->departement_code);
    if (!epci || epci->commune_count == 0) return Outcome::failure("territory.errors.epci", "epci");
    long long holder = repo_.delegation_holding(sql, siren, d->departement_code);
    if (holder == delegation_id) return Outcome::failure("territory.errors.already_here", "epci");
    // Moving an EPCI from one délégation to another is one step for the coordinator.
    if (holder != 0) repo_.remove_epci(sql, holder, siren);
    repo_.add_epci(sql, delegation_id, siren);
    audit_.record(sql, actor, "delegation.epci_added", "delegation:" + std::to_string(delegation_id),
                  siren + (holder ? " (retiré de la délégation " + std::to_string(holder) + ")" : std::string()));
    return Outcome::success(delegation_id);
  });
}

Outcome Service::remove_epci(const Actor& actor, long long delegation_id, const std::string& siren,
                             const organisations::Scope& scope) {
  if (!may_change(scope)) return Outcome::failure("errors.403.message");
  return db_.write([&](soci::session& sql) {
    if (repo_.remove_epci(sql, delegation_id, siren) == 0) return Outcome::failure("territory.errors.epci", "epci");
    audit_.record(sql, actor, "delegation.epci_removed", "delegation:" + std::to_string(delegation_id), siren);
    return Outcome::success(delegation_id);
  });
}

// --- Priority neighbourhoods (QPV) ----------------------------------------------------------

namespace {

// A header name folded for comparison: ASCII lower case, Latin-1 accents removed, runs of
// blanks, '-', '.', '\'' and '_' turned into one '_': "Libellé QPV" → "libelle_qpv".
std::string fold_header(std::string_view text) {
  // U+00C0..U+00FF without their accents ('_' where there is no plain letter).
  static constexpr std::string_view kLatin1 = "aaaaaaaceeeeiiiidnooooo_ouuuuyt_aaaaaaaceeeeiiiidnooooo_ouuuuyty";
  static_assert(kLatin1.size() == 64);
  std::string out;
  bool gap = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    char letter = 0;
    if (c < 0x80) {
      if (std::isalnum(c)) letter = static_cast<char>(std::tolower(c));
    } else if ((c == 0xC3) && i + 1 < text.size()) {
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0xBF) {
        letter = kLatin1[d - 0x80];
        if (letter == '_') letter = 0;
        ++i;
      }
    }
    if (letter) {
      if (gap && !out.empty()) out += '_';
      gap = false;
      out += letter;
    } else {
      gap = true;
    }
  }
  return out;
}

enum class QpvColumn { code, name, commune, other };

QpvColumn qpv_column(const std::string& folded) {
  static const std::unordered_map<std::string, QpvColumn> names = {
      {"code", QpvColumn::code},
      {"code_qp", QpvColumn::code},
      {"code_qpv", QpvColumn::code},
      {"code_quartier", QpvColumn::code},
      {"qp", QpvColumn::code},
      {"qpv", QpvColumn::code},
      {"nom", QpvColumn::name},
      {"name", QpvColumn::name},
      {"nom_qp", QpvColumn::name},
      {"nom_qpv", QpvColumn::name},
      {"nom_quartier", QpvColumn::name},
      {"lib_qp", QpvColumn::name},
      {"lib_qpv", QpvColumn::name},
      {"libelle", QpvColumn::name},
      {"libelle_qp", QpvColumn::name},
      {"libelle_qpv", QpvColumn::name},
      {"quartier", QpvColumn::name},
      {"commune", QpvColumn::commune},
      {"code_commune", QpvColumn::commune},
      {"insee_com", QpvColumn::commune},
      {"code_insee", QpvColumn::commune},
      {"insee", QpvColumn::commune},
      {"com", QpvColumn::commune},
      {"codgeo", QpvColumn::commune},
      {"depcom", QpvColumn::commune},
      {"code_commune_insee", QpvColumn::commune},
      {"insee_commune", QpvColumn::commune},
  };
  auto it = names.find(folded);
  return it == names.end() ? QpvColumn::other : it->second;
}

std::string trim_blanks(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// "QN04401M" (2024 list) or "QP044001" (2015 list): eight capital letters and digits, starting with Q.
bool is_qpv_code(const std::string& s) {
  return s.size() == 8 && s[0] == 'Q' &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) || (c >= 'A' && c <= 'Z'); });
}

std::string upper_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct LineError {
  std::size_t line;
  std::string message;
};

[[noreturn]] void refuse(std::vector<LineError> errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
  constexpr std::size_t kShown = 50;
  std::string text;
  for (std::size_t i = 0; i < errors.size() && i < kShown; ++i) {
    if (i) text += "\n";
    text += "ligne " + std::to_string(errors[i].line) + " : " + errors[i].message;
  }
  if (errors.size() > kShown) text += "\n… et " + std::to_string(errors.size() - kShown) + " autre(s) erreur(s)";
  throw ImportError(text);
}

struct QpvLine {
  std::size_t line;
  PriorityArea area;
};

}  // namespace

PriorityAreaImportReport Service::import_priority_areas(const Actor& actor, const std::filesystem::path& file,
                                                        const ImportProgress& progress) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw ImportError("fichier introuvable : " + file.string());
  constexpr std::uintmax_t kMaxBytes = 64u << 20;
  if (std::filesystem::file_size(file, ec) > kMaxBytes)
    throw ImportError("fichier trop volumineux (64 Mo au plus) : " + file.string());
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ImportError("fichier illisible : " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();

  csv::Document doc;
  try {
    doc = csv::read(text);
  } catch (const csv::Error& e) {
    throw ImportError(e.what());
  }
  if (doc.rows.empty())
    throw ImportError("fichier vide : une ligne d'en-tête est attendue (par exemple « code;nom;commune »)");

  // The header: find the three columns, once each.
  const csv::Row& header = doc.rows.front();
  int columns[3] = {-1, -1, -1};
  const char* labels[3] = {"code", "nom", "commune"};
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    auto kind = qpv_column(fold_header(header.fields[i]));
    if (kind == QpvColumn::other) continue;
    int& slot = columns[static_cast<int>(kind)];
    if (slot >= 0)
      refuse(
          {{header.line, "colonnes « " + trim_blanks(header.fields[slot]) + " » et « " + trim_blanks(header.fields[i]) +
                             " » : une seule colonne « " + labels[static_cast<int>(kind)] + " » est attendue"}});
    slot = static_cast<int>(i);
  }
  std::vector<LineError> errors;
  for (int k = 0; k < 3; ++k)
    if (columns[k] < 0)
      errors.push_back({header.line, std::string("colonne « ") + labels[k] +
                                         " » absente de l'en-tête (colonnes attendues : code, nom, commune)"});
  if (!errors.empty()) refuse(std::move(errors));
  if (doc.rows.size() == 1) refuse({{header.line, "aucun quartier après la ligne d'en-tête"}});

  // Every line, checked before anything is written.
  std::vector<QpvLine> lines;
  std::vector<std::pair<std::size_t, std::string>> communes;  // (line, well-formed commune code)
  std::unordered_map<std::string, std::size_t> first_line_of_code;
  for (std::size_t r = 1; r < doc.rows.size(); ++r) {
    const csv::Row& row = doc.rows[r];
    QpvLine q{row.line,
              {upper_ascii(trim_blanks(row.fields[columns[0]])),
               trim_blanks(row.fields[columns[1]]),
               trim_blanks(row.fields[columns[2]]),
               "",
               {}}};
    bool ok = true;
    auto fault = [&](std::string message) {
      errors.push_back({row.line, std::move(message)});
      ok = false;
    };
    if (q.area.code.empty()) fault("code manquant");
    else if (!is_qpv_code(q.area.code))
      fault("code « " + q.area.code + " » invalide (8 lettres et chiffres commençant par Q, par exemple QN04401M)");
    else if (auto [it, inserted] = first_line_of_code.emplace(q.area.code, row.line); !inserted)
      fault("code « " + q.area.code + " » en double (déjà ligne " + std::to_string(it->second) + ")");
    if (q.area.name.empty()) fault("nom manquant");
    else if (code_points(q.area.name) > 200) fault("nom trop long (200 caractères au plus)");
    // One commune code, or several separated by ',' or '|' (a QPV spanning several communes).
    std::vector<std::string> codes;
    {
      std::string field = q.area.commune_code, piece;
      for (char& ch : field)
        if (ch == '|') ch = ',';
      std::stringstream parts(field);
      while (std::getline(parts, piece, ','))
        if (auto code = trim_blanks(piece); !code.empty() && std::find(codes.begin(), codes.end(), code) == codes.end())
          codes.push_back(code);
    }
    if (codes.empty()) fault("commune manquante");
    for (const auto& code : codes) {
      if (!is_code(code, 5, 5))
        fault("code commune « " + code + " » invalide (code INSEE à 5 caractères, par exemple 44109" +
              (code.size() == 4 ? " ; un tableur a pu retirer le zéro initial)" : ")"));
      else communes.emplace_back(row.line, code);
    }
    if (!codes.empty()) {
      q.area.commune_code = codes.front();
      q.area.communes = codes;
    }
    if (ok) lines.push_back(std::move(q));
  }

  PriorityAreaImportReport report;
  report.file = file.filename().string();
  db_.write([&](soci::session& sql) {
    // Communes must have been imported: check each distinct one once, on every line that names one.
    std::unordered_map<std::string, bool> known;
    for (const auto& [line, commune] : communes) {
      auto [it, inserted] = known.emplace(commune, false);
      if (inserted) it->second = repo_.commune_exists(sql, commune);
      if (!it->second)
        errors.push_back({line, "commune « " + commune + " » inconnue (importez d'abord le département)"});
    }
    if (!errors.empty()) refuse(std::move(errors));  // rolls back: nothing was written

    long long now = store::now_seconds();
    const std::size_t total = lines.size();
    std::size_t done = 0;
    for (const auto& q : lines) {
      int result = repo_.upsert_priority_area(sql, q.area, now);
      if (result == 1) ++report.created;
      else if (result == 2) ++report.updated;
      else ++report.unchanged;
      if (progress && (++done % 10 == 0 || done == total)) progress("enregistrement", done, total);
    }
    audit_.record(sql, actor, "qpv.imported", "fichier:" + report.file,
                  std::to_string(report.created) + " créé(s), " + std::to_string(report.updated) + " mis à jour, " +
                      std::to_string(report.unchanged) + " inchangé(s)");
  });
  return report;
}

std::vector<PriorityArea> Service::priority_areas_of_commune(const std::string& commune_code) {
  return db_.read([&](soci::session& sql) { return repo_.priority_areas_of_commune(sql, commune_code); });
}

}  // namespace trame::territory
