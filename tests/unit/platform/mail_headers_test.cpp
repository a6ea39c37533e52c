// The mail outbox's newsletters' additions (mail::Service::enqueue_rich, issue 17): an HTML version and
// extra headers are kept in the outbox and sent as multipart/alternative (text, then HTML in base64)
// with the headers after MIME-Version; headers the sender writes itself, or holding a line break, are
// refused; a plain message is formatted as before.
#include <gtest/gtest.h>

#include <stdexcept>

#include "platform/mail/repository.hpp"
#include "platform/mail/service.hpp"
#include "platform/web/crypto.hpp"
#include "temp_database.hpp"

namespace trame {

class MailHeaders : public unit::TempSqlite {};

TEST_F(MailHeaders, HtmlAndExtraHeadersAreKeptAndSentAsAlternative) {
  mail::Service mail(*db_, mail::SmtpSettings{"", "", "", "Trame <t@trame.local>", false});
  const std::string url = "https://trame.example/communication/desabonnement/abcdefghijklmnopqrstuvwxyz012345";
  long long id = db_->write([&](soci::session& sql) {
    return mail.enqueue_rich(
        sql, "referente@exemple.fr", "Lettre du réseau", "Bonjour\n\nLe texte.",
        "<p>Bonjour <strong>à tous</strong></p>",
        {{"List-Unsubscribe", "<" + url + ">"}, {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}});
  });
  mail::Repository repo;
  auto m = db_->read([&](soci::session& sql) { return repo.find(sql, id); });
  ASSERT_TRUE(m);
  EXPECT_EQ(m->html_body, "<p>Bonjour <strong>à tous</strong></p>");
  ASSERT_EQ(m->headers.size(), 2u);
  EXPECT_EQ(m->headers[0].name, "List-Unsubscribe");
  EXPECT_EQ(m->headers[0].value, "<" + url + ">");
  auto due = db_->read([&](soci::session& sql) { return repo.due(sql, m->created_at + 1, 10); });
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].headers.size(), 2u);
  EXPECT_EQ(due[0].html_body, m->html_body);

  std::string raw = mail.format(*m, 1700000000);
  EXPECT_NE(raw.find("\r\nList-Unsubscribe: <" + url + ">\r\n"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(raw.find("Content-Type: multipart/alternative; boundary=\""), std::string::npos);
  auto text_at = raw.find("Content-Type: text/plain; charset=UTF-8");
  auto html_at = raw.find("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64");
  ASSERT_NE(text_at, std::string::npos);
  ASSERT_NE(html_at, std::string::npos);
  EXPECT_LT(text_at, html_at) << "the text first, the HTML last (the preferred version)";
  EXPECT_NE(raw.find("Bonjour\r\n\r\nLe texte."), std::string::npos);
  EXPECT_NE(raw.find(web::base64_encode("<p>Bonjour <strong>à tous</strong></p>")), std::string::npos);
}

TEST_F(MailHeaders, ReservedOrUnsafeHeadersAreRefused) {
  mail::Service mail(*db_, mail::SmtpSettings{"", "", "", "Trame <t@trame.local>", false});
  for (const auto& bad : std::vector<mail::Header>{{"From", "x@y"},
                                                   {"content-type", "text/html"},
                                                   {"Bcc", "x@y"},
                                                   {"X-Evil", "a\r\nBcc: x@y"},
                                                   {"Bad Name", "v"},
                                                   {"", "v"}}) {
    EXPECT_THROW(
        db_->write([&](soci::session& sql) { return mail.enqueue_rich(sql, "a@exemple.fr", "S", "T", "", {bad}); }),
        std::invalid_argument)
        << bad.name;
  }
}

TEST_F(MailHeaders, PlainMessagesAreUnchanged) {
  mail::Service mail(*db_, mail::SmtpSettings{"", "", "", "Trame <t@trame.local>", false});
  long long id = db_->write([&](soci::session& sql) { return mail.enqueue(sql, "a@exemple.fr", "Sujet", "Corps"); });
  mail::Repository repo;
  auto m = db_->read([&](soci::session& sql) { return repo.find(sql, id); });
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->headers.empty());
  EXPECT_EQ(m->html_body, "");
  std::string raw = mail.format(*m, 1700000000);
  EXPECT_NE(raw.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCorps\r\n"),
            std::string::npos);
  EXPECT_EQ(raw.find("List-Unsubscribe"), std::string::npos);
}

}  // namespace trame
