// SQL of the legal module: the organisations' legal data, their claims of the expiry notice.
#include "trainings/legal/repository.hpp"

#include <sstream>

#include "platform/core/text.hpp"
#include "platform/store/row.hpp"

namespace trame::legal {

namespace {

constexpr const char* kColumns =
    "SELECT l.organisation_id, COALESCE(o.name, ''), l.address, l.siret, l.nda_number, l.nda_region, "
    "l.qualiopi_number, l.qualiopi_certifier, l.qualiopi_valid_until, l.qualiopi_categories, l.vat_exempt, "
    "l.vat_number, l.vat_rate_per_mille, l.legal_mentions, l.updated_at FROM training_legal_data l "
    "LEFT JOIN organisations o ON o.id = l.organisation_id ";

std::vector<std::string> split_csv(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!trim(item).empty()) out.push_back(trim(item));
  return out;
}

std::string join_csv(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

LegalData data_of(const soci::row& r) {
  LegalData d;
  int i = 0;
  d.organisation_id = store::as_id(r, i++);
  d.organisation_name = store::as_text(r, i++);
  d.address = store::as_text(r, i++);
  d.siret = store::as_text(r, i++);
  d.nda_number = store::as_text(r, i++);
  d.nda_region = store::as_text(r, i++);
  d.qualiopi_number = store::as_text(r, i++);
  d.qualiopi_certifier = store::as_text(r, i++);
  d.qualiopi_valid_until = store::as_text(r, i++);
  d.qualiopi_categories = split_csv(store::as_text(r, i++));
  d.vat_exempt = store::as_id(r, i++) != 0;
  d.vat_number = store::as_text(r, i++);
  d.vat_rate_per_mille = store::as_id(r, i++);
  d.legal_mentions = store::as_text(r, i++);
  d.updated_at = store::as_id(r, i++);
  return d;
}

}  // namespace

std::optional<LegalData> Repository::find(soci::session& sql, long long organisation_id) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kColumns) + "WHERE l.organisation_id = :o", soci::use(organisation_id));
  for (const auto& r : rs) return data_of(r);
  return std::nullopt;
}

std::vector<LegalData> Repository::all(soci::session& sql) const {
  std::vector<LegalData> out;
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kColumns) + "ORDER BY l.organisation_id");
  for (const auto& r : rs) out.push_back(data_of(r));
  return out;
}

std::optional<std::string> Repository::organisation_name(soci::session& sql, long long organisation_id) const {
  std::string name;
  soci::indicator ind = soci::i_null;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::use(organisation_id), soci::into(name, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return name;
}

void Repository::ensure(soci::session& sql, long long organisation_id, long long now) const {
  sql << "INSERT INTO training_legal_data (organisation_id, created_at, updated_at) VALUES (:o, :n, :n2) "
         "ON CONFLICT (organisation_id) DO NOTHING",
      soci::use(organisation_id), soci::use(now), soci::use(now);
}

void Repository::update(soci::session& sql, const LegalData& d, long long by, long long now) const {
  long long exempt = d.vat_exempt ? 1 : 0;
  std::string cats = join_csv(d.qualiopi_categories);
  sql << "UPDATE training_legal_data SET address = :a, siret = :s, nda_number = :nn, nda_region = :nr, "
         "qualiopi_number = :qn, qualiopi_certifier = :qc, qualiopi_valid_until = :qv, qualiopi_categories = :qk, "
         "vat_exempt = :ve, vat_number = :vn, vat_rate_per_mille = :vr, legal_mentions = :m, updated_by = :by, "
         "updated_at = :n WHERE organisation_id = :o",
      soci::use(d.address), soci::use(d.siret), soci::use(d.nda_number), soci::use(d.nda_region),
      soci::use(d.qualiopi_number), soci::use(d.qualiopi_certifier), soci::use(d.qualiopi_valid_until), soci::use(cats),
      soci::use(exempt), soci::use(d.vat_number), soci::use(d.vat_rate_per_mille), soci::use(d.legal_mentions),
      soci::use(by), soci::use(now), soci::use(d.organisation_id);
}

bool Repository::claim_expiry_notice(soci::session& sql, long long organisation_id,
                                     const std::string& valid_until) const {
  // Claimed once per certificate end day: a second run (or another instance) changes no row.
  soci::statement st =
      (sql.prepare << "UPDATE training_legal_data SET expiry_notice_for = :u WHERE "
                      "organisation_id = :o AND qualiopi_valid_until = :u2 AND "
                      "expiry_notice_for <> :u3",
       soci::use(valid_until), soci::use(organisation_id), soci::use(valid_until), soci::use(valid_until));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<std::string> Repository::manager_emails(soci::session& sql, long long organisation_id) const {
  std::vector<std::string> emails;
  std::string email;
  soci::statement q = (sql.prepare << "SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = "
                                      "m.user_id WHERE m.organisation_id = :o AND m.role IN ('training_staff', "
                                      "'coordinator') AND u.disabled = 0 ORDER BY u.email",
                       soci::into(email), soci::use(organisation_id));
  q.execute();
  while (q.fetch()) emails.push_back(email);
  return emails;
}

}  // namespace trame::legal
