// Certificates, issued by the certifier's staff (certifications.manage on the certification's owner)
// once a session's minutes are locked: one per candidate who validated a block there, its PDF
// (parchemin) with a signed verification code and a QR code, e-mailed to the holder; public
// verification (/verifier/CODE, rate-limited), revocation with a reason, the holders' export for the
// national training-account system and the public figures of a certification.
#pragma once
#include "certification/certificates/code.hpp"
#include "certification/certificates/repository.hpp"
#include "certification/evaluations/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::certificates {

// What /verifier/CODE answers.
struct Verification {
  enum class Status { valid, revoked, invalid, limited } status = Status::invalid;
  Certificate certificate;  // valid or revoked
};

// What the PDF shows, besides the certificate's row.
struct Parchment {
  Certificate certificate;
  std::vector<BlockRef> acquired;  // in the referential's order
  std::string code;
  std::string url;  // PUBLIC_URL/verifier/CODE
};

class Service {
 public:
  // Verification attempts per address and window (seconds): enough for a recruiter checking a pile,
  // far too few to guess an 80-bit MAC.
  static constexpr long long kVerifyPerIp = 60, kVerifyWindow = 600;
  // Results older than this, not yet exported, are reminded on the dashboard.
  static constexpr long long kExportReminderSeconds = 90LL * 86400;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, evaluations::Service& evaluations, web::SecretKeys keys)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        evaluations_(evaluations),
        keys_(std::move(keys)) {}

  // The session and its certificates, for the certifier's staff.
  std::optional<SessionState> managed_session(const ActingFor& managed, long long session_id);
  std::vector<Certificate> of_session(long long session_id);
  // Issues the session's missing certificates (its minutes must be locked); the outcome's id is how
  // many were issued now.
  Outcome issue(const Actor& actor, const ActingFor& managed, long long session_id);
  Outcome revoke(const Actor& actor, const ActingFor& managed, long long certificate_id, const std::string& reason);
  // The certificate's session (0: none or not managed), to go back to its page.
  long long session_of(const ActingFor& managed, long long certificate_id);

  // The PDF, for its holder or the certifier's staff.
  std::optional<std::pair<Certificate, std::string>> pdf(const Principal& me, long long certificate_id);
  Verification verify(const std::string& ip, const std::string& code);
  std::string code_of(const Certificate& c) const;
  std::string verify_url(const std::string& code) const { return public_url_ + "/verifier/" + code; }

  // ---- The holders' export: marks the certification's certificates exported (audited) and returns
  // the highest id exported (0: nothing to export); the rows are then read page by page.
  std::optional<long long> start_export(const Actor& actor, const ActingFor& managed, long long certification_id);
  std::vector<Certificate> export_page(long long certification_id, long long max_id, long long after_id,
                                       long long limit);
  std::vector<ExportReminder> reminders(const ActingFor& managed);

  std::vector<YearFigures> figures(long long certification_id);
  evaluations::Service& evaluations() { return evaluations_; }
  // Demo data: the certificates of the demo's completed session (deliberation/demo.cpp), issued as
  // the certifier's staff would once its minutes are locked.
  void load_demo(const Actor& actor);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  std::string render_pdf(const Parchment& p) const;
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  evaluations::Service& evaluations_;
  web::SecretKeys keys_;
  Repository repo_;
};

// The PNG of a QR code (black modules on white, a quiet zone of four), for PDFs; "" if it cannot be encoded.
std::string qr_png(const std::string& text, int module_px = 6);

void register_routes(web::App& app, Service& service);
// The certifier's staff's reminder of results not exported after three months (order 255).
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::certificates
