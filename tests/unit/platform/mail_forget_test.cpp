// Messages to an address typed at the time and kept nowhere (mail::Service::enqueue_forgotten, issue 14):
// once sent, or given up after the last attempt, their recipient is a fixed marker and their body is
// empty; every other message keeps both.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "platform/mail/repository.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"
#include "temp_database.hpp"
#include "platform/web/crypto.hpp"

namespace trame {

class MailForget : public unit::TempSqlite {
 protected:
  mail::Message message(long long id) {
    return *db_->read([&](soci::session& sql) { return repo_.find(sql, id); });
  }
  mail::Repository repo_;
};

TEST_F(MailForget, SentOrGivenUpForgottenMessagesLoseTheirAddressAndBody) {
  mail::Service mail(*db_, mail::SmtpSettings{"", "", "", "Trame <t@trame.local>", false});
  long long kept = 0, sent = 0, given_up = 0, waiting = 0;
  db_->write([&](soci::session& sql) {
    kept = mail.enqueue(sql, "referente@exemple.fr", "Réservation confirmée", "Corps gardé");
    sent = mail.enqueue_forgotten(sql, "personne@exemple.fr", "Votre invitation", "Le billet");
    given_up = mail.enqueue_forgotten(sql, "autre@exemple.fr", "Votre invitation", "Le billet");
    waiting = mail.enqueue_forgotten(sql, "encore@exemple.fr", "Votre invitation", "Le billet");
  });
  db_->write([&](soci::session& sql) {
    repo_.mark_sent(sql, kept, 100);
    repo_.mark_sent(sql, sent, 100);
    repo_.mark_retry(sql, given_up, mail::Service::kMaxAttempts, 200, "refusé", true);
    repo_.mark_retry(sql, waiting, 1, 200, "injoignable", false);
  });
  EXPECT_EQ(message(kept).recipient, "referente@exemple.fr");
  EXPECT_EQ(message(kept).body, "Corps gardé");
  for (long long id : {sent, given_up}) {
    EXPECT_EQ(message(id).recipient, mail::kForgottenRecipient) << id;
    EXPECT_EQ(message(id).body, "") << id;
    EXPECT_EQ(message(id).subject, "Votre invitation") << id;
  }
  EXPECT_EQ(message(sent).status, "sent");
  EXPECT_EQ(message(given_up).status, "failed");
  // Still to be sent: it keeps what it needs.
  EXPECT_EQ(message(waiting).recipient, "encore@exemple.fr");
  EXPECT_EQ(message(waiting).body, "Le billet");
}

}  // namespace trame
