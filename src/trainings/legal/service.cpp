#include "trainings/legal/service.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <mutex>
#include <sstream>

#include <spdlog/spdlog.h>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"

namespace trame::legal {

// ---- Pure rules

const std::vector<Region>& regions() {
  static const std::vector<Region> all = {
      {"auvergne_rhone_alpes", "Auvergne-Rhône-Alpes", "84"},
      {"bourgogne_franche_comte", "Bourgogne-Franche-Comté", "27"},
      {"bretagne", "Bretagne", "53"},
      {"centre_val_de_loire", "Centre-Val de Loire", "24"},
      {"corse", "Corse", "94"},
      {"grand_est", "Grand Est", "44"},
      {"hauts_de_france", "Hauts-de-France", "32"},
      {"ile_de_france", "Île-de-France", "11"},
      {"normandie", "Normandie", "28"},
      {"nouvelle_aquitaine", "Nouvelle-Aquitaine", "75"},
      {"occitanie", "Occitanie", "76"},
      {"pays_de_la_loire", "Pays de la Loire", "52"},
      {"provence_alpes_cote_d_azur", "Provence-Alpes-Côte d'Azur", "93"},
      {"guadeloupe", "Guadeloupe", "01"},
      {"martinique", "Martinique", "02"},
      {"guyane", "Guyane", "03"},
      {"la_reunion", "La Réunion", "04"},
      {"mayotte", "Mayotte", "06"},
  };
  return all;
}

const Region* region(std::string_view key) {
  for (const auto& r : regions())
    if (key == r.key) return &r;
  return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& categories() {
  static const std::vector<std::pair<std::string, std::string>> all = {
      {"actions_formation", "actions de formation"},
      {"bilans", "bilans de compétences"},
      {"vae", "actions permettant de faire valider les acquis de l'expérience"},
      {"apprentissage", "actions de formation par apprentissage"},
  };
  return all;
}

std::string category_label(std::string_view key) {
  for (const auto& [k, label] : categories())
    if (k == key) return label;
  return std::string(key);
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
    else if (c != ' ' && c != '.' && c != '-' && c != '\t') return trim(text);
  }
  return out;
}

bool valid_nda(std::string_view digits) {
  return digits.size() == 11 &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool nda_matches_region(std::string_view digits, std::string_view region_key) {
  const Region* r = region(region_key);
  return r && digits.size() >= 2 && digits.substr(0, 2) == r->code;
}

std::string format_nda(std::string_view d) {
  if (d.size() != 11) return std::string(d);
  return std::string(d.substr(0, 2)) + " " + std::string(d.substr(2, 2)) + " " + std::string(d.substr(4, 5)) + " " +
         std::string(d.substr(9, 2));
}

std::string format_siret(std::string_view d) {
  if (d.size() != 14) return std::string(d);
  return std::string(d.substr(0, 3)) + " " + std::string(d.substr(3, 3)) + " " + std::string(d.substr(6, 3)) + " " +
         std::string(d.substr(9, 5));
}

std::string normalise_vat_number(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '.' || c == '-') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool valid_vat_number(std::string_view v) {
  if (v.size() < 4 || !std::isalpha(static_cast<unsigned char>(v[0])) ||
      !std::isalpha(static_cast<unsigned char>(v[1])))
    return false;
  if (v.substr(0, 2) == "FR") {
    if (v.size() != 13) return false;
    if (!std::all_of(v.begin() + 2, v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return false;
    long long siren = std::stoll(std::string(v.substr(4)));
    int key = std::stoi(std::string(v.substr(2, 2)));
    return key == static_cast<int>((12 + 3 * (siren % 97)) % 97);
  }
  if (v.size() > 15) return false;
  return std::all_of(v.begin() + 2, v.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

std::string vat_siren(std::string_view v) {
  if (v.size() == 13 && v.substr(0, 2) == "FR") return std::string(v.substr(4));
  return "";
}

long long parse_vat_rate(std::string_view text) {
  std::string s = trim(text);
  if (!s.empty() && s.back() == '%') s = trim(s.substr(0, s.size() - 1));
  if (s.empty() || s.size() > 6) return -1;
  long long whole = 0, tenth = 0;
  std::size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) whole = whole * 10 + (s[i++] - '0');
  if (i == 0) return -1;
  if (i < s.size()) {
    if (s[i] != ',' && s[i] != '.') return -1;
    ++i;
    if (i + 1 != s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
    tenth = s[i] - '0';
  }
  long long per_mille = whole * 10 + tenth;
  return per_mille > 0 && per_mille <= 1000 ? per_mille : -1;
}

std::string format_rate(long long per_mille) {
  std::string out = std::to_string(per_mille / 10);
  if (per_mille % 10) out += "," + std::to_string(per_mille % 10);
  return out + " %";
}

long long days_between(const std::string& today, const std::string& until) {
  auto a = parse_date(today), b = parse_date(until);
  if (!a || !b) return 0;
  long long from = day_start(*a), to = day_start(*b);
  return std::llround(static_cast<double>(to - from) / 86400.0);
}

// ---- The contracts

namespace {

std::string subject_of(long long organisation_id) {
  return "organisation:" + std::to_string(organisation_id);
}

// The process-wide copy for the PDF writers (cached_document_lines).
std::mutex cache_mutex;
std::map<long long, LegalData> cache;

void cache_put(const LegalData& d) {
  std::lock_guard lock(cache_mutex);
  cache[d.organisation_id] = d;
}

}  // namespace

std::optional<LegalData> of_organisation(soci::session& sql, long long organisation_id) {
  return Repository().find(sql, organisation_id);
}

std::vector<std::string> document_lines(const LegalData& d) {
  std::vector<std::string> out;
  std::string first = d.organisation_name;
  if (!d.address.empty()) first += (first.empty() ? "" : " — ") + d.address;
  if (!first.empty()) out.push_back(first);
  if (!d.siret.empty()) out.push_back("SIRET : " + format_siret(d.siret));
  if (!d.nda_number.empty()) {
    const Region* r = region(d.nda_region);
    out.push_back("Déclaration d'activité enregistrée sous le numéro " + format_nda(d.nda_number) +
                  " auprès du préfet de région " + (r ? r->label : d.nda_region) +
                  ". Cet enregistrement ne vaut pas agrément de l'État.");
  }
  if (!d.qualiopi_number.empty()) {
    std::string cats;
    for (const auto& c : d.qualiopi_categories) cats += (cats.empty() ? "" : ", ") + category_label(c);
    out.push_back("Certifié Qualiopi — certificat n° " + d.qualiopi_number + " délivré par " + d.qualiopi_certifier +
                  (d.qualiopi_categories.size() > 1 ? " au titre des catégories : " : " au titre de la catégorie : ") +
                  cats);
  }
  if (d.vat_exempt) out.push_back(vat_mention(d));
  else if (!d.vat_number.empty())
    out.push_back("N° de TVA intracommunautaire : " + d.vat_number + " — TVA au taux de " +
                  format_rate(d.vat_rate_per_mille));
  std::stringstream mentions(d.legal_mentions);
  for (std::string line; std::getline(mentions, line);)
    if (!trim(line).empty()) out.push_back(trim(line));
  return out;
}

std::string vat_mention(const LegalData& d) {
  return d.vat_exempt ? "TVA non applicable, article 261-4-4° a du CGI" : "";
}

std::vector<Expiring> expiring(soci::session& sql, const std::string& today) {
  std::vector<Expiring> out;
  for (const auto& d : Repository().all(sql)) {
    if (d.qualiopi_number.empty() || d.qualiopi_valid_until.empty()) continue;
    long long left = days_between(today, d.qualiopi_valid_until);
    if (left > kExpiryWarningDays) continue;
    out.push_back({d.organisation_id, d.organisation_name, d.qualiopi_number, d.qualiopi_valid_until, left});
  }
  return out;
}

std::vector<std::string> cached_document_lines(long long organisation_id) {
  std::lock_guard lock(cache_mutex);
  auto it = cache.find(organisation_id);
  return it == cache.end() ? std::vector<std::string>{} : document_lines(it->second);
}

std::vector<std::string> cached_document_lines_by_name(const std::string& organisation_name) {
  std::lock_guard lock(cache_mutex);
  for (const auto& [id, d] : cache)
    if (d.organisation_name == organisation_name) return document_lines(d);
  return {};
}

// ---- The service

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

void Service::refresh_cache() {
  auto rows = db_.read([&](soci::session& sql) { return repo_.all(sql); });
  std::lock_guard lock(cache_mutex);
  cache.clear();
  for (auto& d : rows) cache[d.organisation_id] = std::move(d);
}

Outcome Service::view(const Principal& me, long long organisation_id, LegalView& out) {
  return db_.read([&](soci::session& sql) {
    out.organisation_id = organisation_id;
    auto name = repo_.organisation_name(sql, organisation_id);
    if (!name) return Outcome::not_found();
    out.organisation_name = *name;
    if (!manages(me, organisation_id)) return Outcome::forbidden("legal.errors.managers_only");
    out.data = repo_.find(sql, organisation_id);
    return Outcome::success(organisation_id);
  });
}

namespace {

// The form checked field by field, in the page's order; the data to store when it passes.
Outcome validate(const LegalInput& in, LegalData& d) {
  d.address = trim(in.address);
  if (d.address.empty()) return Outcome::failure("legal.errors.address_required", "address");
  if (code_points(d.address) > 300) return Outcome::failure("legal.errors.address_long", "address");
  d.siret = digits_of(in.siret);
  if (d.siret.empty()) return Outcome::failure("legal.errors.siret_required", "siret");
  if (d.siret.size() != 14 || !std::all_of(d.siret.begin(), d.siret.end(), ::isdigit))
    return Outcome::failure("legal.errors.siret_format", "siret");
  if (!valid_siret(d.siret)) return Outcome::failure("legal.errors.siret_checksum", "siret");
  d.nda_number = digits_of(in.nda_number);
  d.nda_region = trim(in.nda_region);
  if (!d.nda_number.empty()) {
    if (!valid_nda(d.nda_number)) return Outcome::failure("legal.errors.nda_format", "nda_number");
    if (!region(d.nda_region)) return Outcome::failure("legal.errors.nda_region_required", "nda_region");
    if (!nda_matches_region(d.nda_number, d.nda_region))
      return Outcome::failure("legal.errors.nda_region_mismatch", "nda_number");
  } else if (!d.nda_region.empty() && !region(d.nda_region)) {
    return Outcome::failure("legal.errors.nda_region_required", "nda_region");
  }
  d.qualiopi_number = trim(in.qualiopi_number);
  d.qualiopi_certifier = trim(in.qualiopi_certifier);
  d.qualiopi_valid_until = trim(in.qualiopi_valid_until);
  d.qualiopi_categories.clear();
  for (const auto& c : in.qualiopi_categories) {
    if (c.empty()) continue;
    bool known = false;
    for (const auto& [k, label] : categories()) known = known || k == c;
    if (!known) return Outcome::failure("legal.errors.category_unknown", "qualiopi_categories");
    if (std::find(d.qualiopi_categories.begin(), d.qualiopi_categories.end(), c) == d.qualiopi_categories.end())
      d.qualiopi_categories.push_back(c);
  }
  bool certified = !d.qualiopi_number.empty() || !d.qualiopi_certifier.empty() || !d.qualiopi_valid_until.empty() ||
                   !d.qualiopi_categories.empty();
  if (certified) {
    if (d.qualiopi_number.empty()) return Outcome::failure("legal.errors.qualiopi_number_required", "qualiopi_number");
    if (code_points(d.qualiopi_number) > 60)
      return Outcome::failure("legal.errors.qualiopi_number_long", "qualiopi_number");
    if (d.qualiopi_certifier.empty())
      return Outcome::failure("legal.errors.qualiopi_certifier_required", "qualiopi_certifier");
    if (code_points(d.qualiopi_certifier) > 120)
      return Outcome::failure("legal.errors.qualiopi_certifier_long", "qualiopi_certifier");
    auto day = parse_date(d.qualiopi_valid_until);
    if (!day) return Outcome::failure("legal.errors.qualiopi_valid_until", "qualiopi_valid_until");
    d.qualiopi_valid_until = iso_date(*day);
    if (d.qualiopi_categories.empty())
      return Outcome::failure("legal.errors.categories_required", "qualiopi_categories");
  }
  if (in.vat_exempt != "1" && in.vat_exempt != "0") return Outcome::failure("legal.errors.vat_choice", "vat_exempt");
  d.vat_exempt = in.vat_exempt == "1";
  d.vat_number.clear();
  if (!d.vat_exempt) {
    d.vat_number = normalise_vat_number(in.vat_number);
    if (d.vat_number.empty()) return Outcome::failure("legal.errors.vat_number_required", "vat_number");
    if (!valid_vat_number(d.vat_number)) return Outcome::failure("legal.errors.vat_number_invalid", "vat_number");
    std::string siren = vat_siren(d.vat_number);
    if (!siren.empty() && siren != d.siret.substr(0, 9))
      return Outcome::failure("legal.errors.vat_number_siren", "vat_number");
    d.vat_rate_per_mille = parse_vat_rate(in.vat_rate);
    if (d.vat_rate_per_mille < 0) return Outcome::failure("legal.errors.vat_rate", "vat_rate");
  }
  d.legal_mentions = trim(in.legal_mentions);
  if (code_points(d.legal_mentions) > 2000) return Outcome::failure("legal.errors.mentions_long", "legal_mentions");
  return Outcome::success();
}

}  // namespace

Outcome Service::save(const Actor& actor, const Principal& me, long long organisation_id, const LegalInput& in) {
  LegalData saved;
  auto outcome = db_.attempt([&](soci::session& sql) {
    auto found = repo_.organisation_name(sql, organisation_id);
    if (!found) roll_back(Outcome::not_found());
    const std::string name = *found;
    if (!manages(me, organisation_id)) roll_back(Outcome::forbidden("legal.errors.managers_only"));
    auto old = repo_.find(sql, organisation_id);
    LegalData d;
    if (old) d.vat_rate_per_mille = old->vat_rate_per_mille;
    if (auto bad = validate(in, d); !bad.ok) roll_back(bad);
    d.organisation_id = organisation_id;
    d.organisation_name = name;
    long long now = store::now_seconds();
    repo_.ensure(sql, organisation_id, now);
    repo_.update(sql, d, me.id, now);
    std::string summary =
        name + " — NDA " + (d.nda_number.empty() ? "—" : d.nda_number) + ", SIRET " + d.siret + ", Qualiopi " +
        (d.qualiopi_number.empty() ? "—" : d.qualiopi_number + " → " + d.qualiopi_valid_until) + ", TVA " +
        (d.vat_exempt ? "exonérée" : d.vat_number + " " + format_rate(d.vat_rate_per_mille));
    audit_.record(sql, actor, old ? "legal.update" : "legal.create", subject_of(organisation_id), summary);
    saved = *repo_.find(sql, organisation_id);
    return Outcome::success(organisation_id);
  });
  if (outcome.ok) cache_put(saved);
  return outcome;
}

std::vector<Expiring> Service::expiring_for(const Principal& me, long long now) {
  auto all = db_.read([&](soci::session& sql) { return expiring(sql, local_day(now)); });
  std::vector<Expiring> out;
  for (auto& e : all)
    if (manages(me, e.organisation_id)) out.push_back(std::move(e));
  return out;
}

long long Service::run_due(long long now) {
  try {
    refresh_cache();
  } catch (const std::exception& e) {
    spdlog::warn("mentions légales : copie non rechargée : {}", e.what());
  }
  long long sent = 0;
  std::string today = local_day(now);
  auto due = db_.read([&](soci::session& sql) { return expiring(sql, today); });
  for (const auto& e : due) {
    db_.write([&](soci::session& sql) {
      if (!repo_.claim_expiry_notice(sql, e.organisation_id, e.valid_until)) return;
      web::Params p{
          {"organisation", e.organisation_name},
          {"number", e.qualiopi_number},
          {"date", short_french_date(e.valid_until)},
          {"days", std::to_string(std::max<long long>(0, e.days_left))},
          {"url", public_url_ + "/formations/organismes/" + std::to_string(e.organisation_id) + "/mentions-legales"}};
      std::string which = e.days_left < 0 ? "expired" : "expiring";
      const auto emails = repo_.manager_emails(sql, e.organisation_id);
      for (const auto& to : emails)
        mail_.enqueue(sql, to, t("legal.mail." + which + "_subject", p), t("legal.mail." + which + "_body", p));
      audit_.record(sql, Actor{0, "système", ""}, "legal.qualiopi_expiry_notice", subject_of(e.organisation_id),
                    e.organisation_name + " — " + e.qualiopi_number + " → " + e.valid_until + " (" +
                        std::to_string(emails.size()) + " courriel(s))");
      ++sent;
    });
  }
  return sent;
}

}  // namespace trame::legal
