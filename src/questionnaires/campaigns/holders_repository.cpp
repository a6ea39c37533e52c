// The SQL of the certificate holders' follow-up (holders.cpp): certification tables are read, never
// written, but for the claims.
#include "questionnaires/campaigns/holders_repository.hpp"

#include "platform/store/row.hpp"

namespace trame::campaigns {

// Certificates issued in [from, to], not revoked, not followed up, whose certifier has a published
// questionnaire of kind 'holders', with their holder (an enabled account with an address).
std::vector<Due> HoldersRepository::due_certificates(soci::session& sql, long long from, long long to,
                                                     long long limit) const {
  std::vector<Due> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT k.id, c.id, c.owner_id, u.id, v.title, u.name, u.email "
                      "FROM certification_certificates k "
                      "JOIN certification_registrations r ON r.id = k.registration_id "
                      "JOIN certifications c ON c.id = r.certification_id "
                      "JOIN certification_versions v ON v.certification_id = c.id AND v.number = c.current_version "
                      "JOIN users u ON u.id = r.user_id "
                      "WHERE k.revoked_at = 0 AND k.issued_at >= :f AND k.issued_at <= :t "
                      "AND u.disabled = 0 AND u.email <> '' "
                      "AND NOT EXISTS (SELECT 1 FROM certification_followups f WHERE f.certificate_id = k.id) "
                      "AND EXISTS (SELECT 1 FROM questionnaires q WHERE q.organisation_id = c.owner_id "
                      "AND q.kind = 'holders' AND q.is_template = 0 AND q.status = 'published') "
                      "ORDER BY k.id LIMIT :l",
       soci::use(from), soci::use(to), soci::use(limit));
  for (const auto& r : rs) {
    Due d;
    d.certificate_id = store::as_id(r, 0);
    d.certification_id = store::as_id(r, 1);
    d.owner_id = store::as_id(r, 2);
    d.user_id = store::as_id(r, 3);
    d.certification_title = store::as_text(r, 4);
    d.name = store::as_text(r, 5);
    d.email = store::as_text(r, 6);
    out.push_back(std::move(d));
  }
  return out;
}

// The certifier's published questionnaire of kind 'holders' (the last changed), 0 when none.
long long HoldersRepository::holders_questionnaire(soci::session& sql, long long organisation_id) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id FROM questionnaires WHERE organisation_id = :o AND kind = 'holders' "
                      "AND is_template = 0 AND status = 'published' ORDER BY updated_at DESC, id DESC",
       soci::use(organisation_id));
  for (const auto& r : rs) return store::as_id(r, 0);
  return 0;
}

// The holders' sending of the certification for the month, 0 when none yet.
long long HoldersRepository::month_campaign(soci::session& sql, long long certification_id,
                                            const std::string& month) const {
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT campaign_id FROM certification_followup_campaigns "
                                               "WHERE certification_id = :c AND month = :m",
                                soci::use(certification_id), soci::use(month));
  for (const auto& r : rs) return store::as_id(r, 0);
  return 0;
}

void HoldersRepository::insert_month_campaign(soci::session& sql, long long certification_id, const std::string& month,
                                              long long campaign_id) const {
  sql << "INSERT INTO certification_followup_campaigns (certification_id, month, campaign_id) VALUES (:c, :m, :k)",
      soci::use(certification_id), soci::use(month), soci::use(campaign_id);
}

// The conditional insert that follows a certificate up once: false when it already was.
bool HoldersRepository::claim_followup(soci::session& sql, long long certificate_id, long long campaign_id,
                                       long long now) const {
  soci::statement st = (sql.prepare << "INSERT INTO certification_followups (certificate_id, campaign_id, sent_at) "
                                       "VALUES (:k, :c, :n) ON CONFLICT (certificate_id) DO NOTHING",
                        soci::use(certificate_id), soci::use(campaign_id), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

// The competence blocks of the certification's current version, as "BC01 — title", in order.
std::vector<std::string> HoldersRepository::block_labels(soci::session& sql, long long certification_id) const {
  std::vector<std::string> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT b.code, b.title FROM certification_blocks b "
                      "JOIN certification_versions v ON v.id = b.version_id "
                      "JOIN certifications c ON c.id = v.certification_id AND v.number = c.current_version "
                      "WHERE c.id = :c ORDER BY b.position, b.id",
       soci::use(certification_id));
  for (const auto& r : rs) out.push_back(store::as_text(r, 0) + " — " + store::as_text(r, 1));
  return out;
}

std::pair<long long, long long> HoldersRepository::first_certification_of(soci::session& sql,
                                                                          const std::string& owner_name) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT c.id, c.owner_id FROM certifications c JOIN organisations o ON o.id = c.owner_id "
                      "WHERE o.name = :n ORDER BY c.id",
       soci::use(owner_name));
  for (const auto& r : rs) return {store::as_id(r, 0), store::as_id(r, 1)};
  return {0, 0};
}

}  // namespace trame::campaigns
