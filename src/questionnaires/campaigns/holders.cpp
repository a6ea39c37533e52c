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
#include "platform/store/settings.hpp"
#include "platform/web/crypto.hpp"
#include "questionnaires/campaigns/holders_repository.hpp"
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

// The follow-up's reads and claims.
const HoldersRepository holders_sql;

}  // namespace

long long Service::follow_up_holders(long long now) {
  auto due = db_.read([&](soci::session& sql) {
    return holders_sql.due_certificates(sql, now - kHolderHistoryDays * kDay, now - kAfterDays * kDay, kBatch);
  });
  long long done = 0;
  const std::string month = format_local(now, "%Y-%m");
  for (const auto& d : due) {
    try {
      done += db_.write([&](soci::session& sql) -> long long {
        const long long qid = holders_sql.holders_questionnaire(sql, d.owner_id);
        if (!qid) return 0;
        long long cid = holders_sql.month_campaign(sql, d.certification_id, month);
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
          holders_sql.insert_month_campaign(sql, d.certification_id, month, cid);
          audit_.record(sql, Actor{0, "système", ""}, "campaigns.holders", "campaign:" + std::to_string(cid),
                        "suivi des titulaires, certification " + std::to_string(d.certification_id));
        }
        auto c = repo_.campaign(sql, cid);
        // The month's sending closed or cancelled by hand: its holders wait for next month's.
        if (!c || c->status != "open") return 0;
        if (!holders_sql.claim_followup(sql, d.certificate_id, cid, now)) return 0;
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
  const auto [certification, owner] =
      holders_sql.first_certification_of(sql, "Observatoire des politiques culturelles");
  if (!certification) return;
  if (!repo_.questionnaires_of(sql, owner, "holders").empty()) return;
  definitions::ensure_templates(sql, now);
  const long long tpl = definitions::template_id(sql, "holders");
  if (!tpl) return;
  const long long id =
      definitions::copy_for_blocks(sql, tpl, owner, holders_sql.block_labels(sql, certification), 0, now);
  repo_.publish_draft(sql, id, now);
  audit_.record(sql, Actor{0, "système", ""}, "questionnaires.create", "questionnaire:" + std::to_string(id),
                "demo : suivi des titulaires");
}

}  // namespace trame::campaigns
