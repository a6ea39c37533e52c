// The follow-up of certification holders six months after their certificate (issue 15,
// docs/questionnaires.md): run_due invites the holder of every certificate issued 182 days ago or more
// (and less than a year ago when first seen), not revoked, not yet followed up, whose certifier (the
// certification's owner) has a published questionnaire of kind 'holders'. One sending per
// certification and month (audience 'holders', certification_followup_campaigns), each certificate
// claimed once by a conditional insert into certification_followups in the transaction that invites
// its holder. Reminders and results are the campaigns' and results' own. The demo gives the
// Observatoire its published questionnaire, one question per competence block.
#include <spdlog/spdlog.h>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/row.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/crypto.hpp"
#include "questionnaires/campaigns/service.hpp"
#include "questionnaires/definitions/templates.hpp"

namespace trame::campaigns {

namespace {

constexpr long long kDay = 86400;
// Six months after the certificate…
constexpr long long kAfterDays = 182;
// …and not for certificates older than a year when first seen (a questionnaire published late does
// not reach holders of long ago).
constexpr long long kHolderHistoryDays = 365;
// Certificates handled per run (the next run takes the rest).
constexpr long long kBatch = 500;

struct Due {
  long long certificate_id = 0;
  long long certification_id = 0;
  long long owner_id = 0;
  long long user_id = 0;
  std::string certification_title, name, email;
};

// ---- SQL of the follow-up (certification tables are read, never written, but for the claims) ------

// Certificates issued in [from, to], not revoked, not followed up, whose certifier has a published
// questionnaire of kind 'holders', with their holder (an enabled account with an address).
std::vector<Due> due_certificates(soci::session& sql, long long from, long long to) {
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
       soci::use(from), soci::use(to), soci::use(kBatch));
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
long long holders_questionnaire(soci::session& sql, long long organisation_id) {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id FROM questionnaires WHERE organisation_id = :o AND kind = 'holders' "
                      "AND is_template = 0 AND status = 'published' ORDER BY updated_at DESC, id DESC",
       soci::use(organisation_id));
  for (const auto& r : rs) return store::as_id(r, 0);
  return 0;
}

// The holders' sending of the certification for the month, 0 when none yet.
long long month_campaign(soci::session& sql, long long certification_id, const std::string& month) {
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT campaign_id FROM certification_followup_campaigns "
                                               "WHERE certification_id = :c AND month = :m",
                                soci::use(certification_id), soci::use(month));
  for (const auto& r : rs) return store::as_id(r, 0);
  return 0;
}

void insert_month_campaign(soci::session& sql, long long certification_id, const std::string& month,
                           long long campaign_id) {
  sql << "INSERT INTO certification_followup_campaigns (certification_id, month, campaign_id) VALUES (:c, :m, :k)",
      soci::use(certification_id), soci::use(month), soci::use(campaign_id);
}

// The conditional insert that follows a certificate up once: false when it already was.
bool claim_followup(soci::session& sql, long long certificate_id, long long campaign_id, long long now) {
  soci::statement st = (sql.prepare << "INSERT INTO certification_followups (certificate_id, campaign_id, sent_at) "
                                       "VALUES (:k, :c, :n) ON CONFLICT (certificate_id) DO NOTHING",
                        soci::use(certificate_id), soci::use(campaign_id), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

// The competence blocks of the certification's current version, as "BC01 — title", in order.
std::vector<std::string> block_labels(soci::session& sql, long long certification_id) {
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

}  // namespace

long long Service::follow_up_holders(long long now) {
  auto due = db_.read([&](soci::session& sql) {
    return due_certificates(sql, now - kHolderHistoryDays * kDay, now - kAfterDays * kDay);
  });
  long long done = 0;
  const std::string month = format_local(now, "%Y-%m");
  for (const auto& d : due) {
    try {
      done += db_.write([&](soci::session& sql) -> long long {
        const long long qid = holders_questionnaire(sql, d.owner_id);
        if (!qid) return 0;
        long long cid = month_campaign(sql, d.certification_id, month);
        if (!cid) {
          std::string days = store::setting(sql, "questionnaires.reminder_days");
          if (trim(days).empty() || !parse_reminder_days(days)) days = "3,7";
          Campaign c;
          c.questionnaire_id = qid;
          c.organisation_id = d.owner_id;
          c.audience = "holders";
          c.title = t("campaigns.holders.title",
                      {{"certification", d.certification_title},
                       {"month", t("results.months.m" + std::to_string(std::stoi(month.substr(5)))) + " " +
                                     month.substr(0, 4)}});
          c.send_at = now;
          c.reminder_days = days;
          c.status = "scheduled";
          cid = repo_.insert_campaign(sql, c, 0, now);
          repo_.claim_send(sql, cid, now);
          // A concurrent instance creating the same month's sending fails here (primary key) and rolls back.
          insert_month_campaign(sql, d.certification_id, month, cid);
          audit_.record(sql, Actor{0, "système", ""}, "campaigns.holders", "campaign:" + std::to_string(cid),
                        "suivi des titulaires, certification " + std::to_string(d.certification_id));
        }
        auto c = repo_.campaign(sql, cid);
        // The month's sending closed or cancelled by hand: its holders wait for next month's.
        if (!c || c->status != "open") return 0;
        if (!claim_followup(sql, d.certificate_id, cid, now)) return 0;
        Recipient r;
        r.user_id = d.user_id;
        r.email = d.email;
        r.name = d.name;
        // A holder of two certificates of the certification followed up the same month is invited once.
        if (!repo_.invited(sql, cid, r.user_id, r.email)) {
          const std::string token = web::random_token(24);
          Invitation inv;
          inv.id = repo_.insert_invitation(sql, cid, r, web::sha256_hex(token), now, now, c->closes_at);
          inv.campaign_id = cid;
          inv.user_id = r.user_id;
          inv.email = r.email;
          inv.name = r.name;
          mail_invitation(sql, *c, inv, token, false);
        }
        audit_.record(sql, Actor{0, "système", ""}, "campaigns.holders_followup",
                      "certificate:" + std::to_string(d.certificate_id), "campaign:" + std::to_string(cid));
        return 1;
      });
    } catch (const std::exception& ex) {
      // Another instance followed it up, or created the month's sending, first: nothing to do.
      if (!store::is_unique_violation(ex)) {
        ++job_errors_;
        spdlog::error("campagnes : suivi du certificat {} non envoyé : {}", d.certificate_id, ex.what());
      }
    }
  }
  return done;
}

void Service::load_holders_demo(soci::session& sql, long long now) {
  // The Observatoire's certification (seed 002): a published questionnaire to follow its holders up.
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT c.id, c.owner_id FROM certifications c JOIN organisations o ON o.id = c.owner_id "
                      "WHERE o.name = 'Observatoire des politiques culturelles' ORDER BY c.id");
  std::vector<std::pair<long long, long long>> certifications;
  for (const auto& r : rs) certifications.emplace_back(store::as_id(r, 0), store::as_id(r, 1));
  if (certifications.empty()) return;
  const auto [certification, owner] = certifications.front();
  if (!repo_.questionnaires_of(sql, owner, "holders").empty()) return;
  definitions::ensure_templates(sql, now);
  const long long tpl = definitions::template_id(sql, "holders");
  if (!tpl) return;
  const long long id = definitions::copy_for_blocks(sql, tpl, owner, block_labels(sql, certification), 0, now);
  repo_.publish_draft(sql, id, now);
  audit_.record(sql, Actor{0, "système", ""}, "questionnaires.create", "questionnaire:" + std::to_string(id),
                "demo : suivi des titulaires");
}

}  // namespace trame::campaigns
