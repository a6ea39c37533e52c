#include "territory/service.hpp"

#include <boost/json.hpp>

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
    std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + std::min(consumed, text.size()), '\n'));
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

ImportReport Service::import_departement(const Actor& actor, const std::filesystem::path& dir,
                                         const std::string& code, const ImportProgress& progress) {
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
      if (!postal->value().is_array()) throw ImportError(e.where + " : champ « codesPostaux » invalide (liste attendue)");
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

Outcome Service::create_delegation(const Actor& actor, const std::string& dep, const std::string& raw_name) {
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

Outcome Service::add_epci(const Actor& actor, long long delegation_id, const std::string& siren) {
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

Outcome Service::remove_epci(const Actor& actor, long long delegation_id, const std::string& siren) {
  return db_.write([&](soci::session& sql) {
    if (repo_.remove_epci(sql, delegation_id, siren) == 0) return Outcome::failure("territory.errors.epci", "epci");
    audit_.record(sql, actor, "delegation.epci_removed", "delegation:" + std::to_string(delegation_id), siren);
    return Outcome::success(delegation_id);
  });
}

}  // namespace trame::territory
