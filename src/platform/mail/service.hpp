// The mail outbox: enqueue within the caller's transaction, deliver due messages over
// SMTP (libcurl) with exponential backoff, give up after a bounded number of attempts.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "platform/mail/model.hpp"
#include "platform/mail/repository.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}

namespace trame::mail {

struct SmtpSettings {
  std::string url;  // smtp://host:port or smtps://host:port; empty: no delivery
  std::string user;
  std::string password;
  std::string from;  // "Name <address>"
  bool require_tls = false;
};

class Service {
 public:
  static constexpr int kMaxAttempts = 8;
  // How long a sender owns a message it is sending (longer than libcurl's timeouts).
  static constexpr long long kClaimSeconds = 300;

  Service(store::Database& db, SmtpSettings smtp) : db_(db), smtp_(std::move(smtp)) {}
  long long enqueue(soci::session& sql, const std::string& to, const std::string& subject, const std::string& body);
  // The same with one attached file (at most kMaxAttachmentBytes, else std::invalid_argument).
  static constexpr std::size_t kMaxAttachmentBytes = 2 * 1024 * 1024;
  long long enqueue(soci::session& sql, const std::string& to, const std::string& subject, const std::string& body,
                    const Attachment& attachment);
  // The same, for an address typed at the time and to be kept nowhere: once the message is sent (or
  // given up), its recipient is replaced by kForgottenRecipient and its body emptied (the subject stays).
  long long enqueue_forgotten(soci::session& sql, const std::string& to, const std::string& subject,
                              const std::string& body);
  // A message with an HTML version (multipart/alternative: the text, then the HTML) and extra
  // headers (a newsletter's List-Unsubscribe and List-Unsubscribe-Post, RFC 8058). A header whose
  // name is not letters, digits and '-', is one the sender writes itself (From, To, Subject, Date,
  // Message-ID, MIME-Version, Content-*), or whose value is not printable ASCII: std::invalid_argument.
  long long enqueue_rich(soci::session& sql, const std::string& to, const std::string& subject, const std::string& text,
                         const std::string& html, const std::vector<Header>& headers);
  // Delivers what is due; returns how many were sent.
  int deliver_due(int limit = 20);
  bool delivers() const { return !smtp_.url.empty(); }

  // A page of the outbox, newest first, without the attachments' bytes (see Repository::page).
  std::vector<Message> page(long long page, long long per_page, long long& total);
  // One message, its attachment's bytes included.
  std::optional<Message> find(long long id);

  // The RFC 5322 message that is sent (exposed for tests): a text/plain UTF-8 body, or, with an
  // attachment, a MIME multipart/mixed message of that text then the file in base64, or, with an HTML
  // version, a multipart/alternative message of the text (8bit) then the HTML (base64). Extra
  // headers follow MIME-Version.
  std::string format(const Message& m, long long now) const;
  static long long backoff_seconds(int attempts);

 private:
  std::string send(const Message& m);  // "" on success, else the error
  store::Database& db_;
  SmtpSettings smtp_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::mail
