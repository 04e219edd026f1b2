/* ccal-welcome-page.c — first run: connect to a workspace (server address + API key) or a local calendar
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-credentials.h"
#include "ccal-welcome-page.h"

struct _CcalWelcomePage
{
  AdwBin        parent_instance;

  /* template widgets */
  GtkLabel     *notice_label;
  AdwEntryRow  *server_row;
  AdwEntryRow  *key_row;
  GtkRevealer  *error_revealer;
  GtkLabel     *error_label;
  GtkButton    *keep_button;
  GtkStack     *connect_stack;
  GtkSpinner   *connect_spinner;

  /* owned */
  GCancellable *cancellable;
  char         *error_field;
  /* the checked account, between GET /me and the keyring */
  char         *pending_url;
  char         *pending_key;
  CcalMe       *pending_me;

  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (CcalWelcomePage, ccal_welcome_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_SERVER_URL,
  N_PROPS
};

enum {
  SIGNED_IN,
  USE_LOCAL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define FIELD_SERVER_URL "server-url"
#define FIELD_API_KEY    "api-key"
#define FIELD_KEYRING    "keyring"

static void
set_busy (CcalWelcomePage *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_stack_set_visible_child_name (self->connect_stack, busy ? "busy" : "label");
  gtk_spinner_set_spinning (self->connect_spinner, busy);
  /* Read-only rather than insensitive: the focus stays where it was (an insensitive focused entry
   * loses it without a focus-out, and GtkText complains). A second Connect is ignored while busy. */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->key_row), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
clear_error (CcalWelcomePage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->key_row), "error");
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->keep_button), FALSE);
  gtk_label_set_label (self->error_label, "");
  g_clear_pointer (&self->error_field, g_free);
}

static void
show_error (CcalWelcomePage *self,
            const char      *field,
            const char      *message)
{
  clear_error (self);
  self->error_field = g_strdup (field);
  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);

  if (g_strcmp0 (field, FIELD_SERVER_URL) == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
    }
  else if (g_strcmp0 (field, FIELD_API_KEY) == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->key_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
    }
  else if (g_strcmp0 (field, FIELD_KEYRING) == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->keep_button), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->keep_button));
    }
}

static void
clear_pending (CcalWelcomePage *self)
{
  g_clear_pointer (&self->pending_url, g_free);
  if (self->pending_key != NULL)
    {
      memset (self->pending_key, 0, strlen (self->pending_key));
      g_clear_pointer (&self->pending_key, g_free);
    }
  g_clear_pointer (&self->pending_me, ccal_me_free);
}

static CcalCredentialKind
guess_credential_kind (const char *secret)
{
  guint dots = 0;

  /* API keys are "fc_live_…"/"fc_test_…"; a JWT is three base64url parts. */
  if (g_str_has_prefix (secret, "fc_"))
    return CCAL_CREDENTIAL_KIND_API_KEY;
  for (const char *p = secret; *p != '\0'; p++)
    dots += *p == '.';
  return dots == 2 ? CCAL_CREDENTIAL_KIND_JWT : CCAL_CREDENTIAL_KIND_API_KEY;
}

static void
finish_sign_in (CcalWelcomePage *self,
                gboolean         saved)
{
  g_autofree char *url = g_steal_pointer (&self->pending_url);
  g_autofree char *key = g_steal_pointer (&self->pending_key);
  g_autoptr (CcalMe) me = g_steal_pointer (&self->pending_me);

  set_busy (self, FALSE);
  clear_error (self);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, url, key, me, saved);
  memset (key, 0, strlen (key));
}

static void
on_store_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (CcalWelcomePage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (ccal_credentials_store_finish (result, &error))
    {
      finish_sign_in (self, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (g_error_matches (error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_LOCKED))
    show_error (self, FIELD_KEYRING,
                _("The key works, but it could not be saved: the keyring is locked. "
                  "Unlock it and connect again, or keep the key for this run only."));
  else
    show_error (self, FIELD_KEYRING,
                _("The key works, but it could not be saved: there is no keyring on this computer. "
                  "You can keep the key for this run only and enter it again next time."));
}

static void
on_check_me_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CcalWelcomePage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalMe) me = NULL;
  g_autofree char *message = NULL;
  const char *field = FIELD_SERVER_URL;

  me = ccal_api_client_get_me_finish (CCAL_API_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (me != NULL)
    {
      self->pending_me = g_steal_pointer (&me);
      ccal_credentials_store_async (self->pending_url, guess_credential_kind (self->pending_key),
                                    self->pending_key, self->cancellable, on_store_cb, g_object_ref (self));
      return;
    }

  if (error->domain == CCAL_API_ERROR)
    {
      switch ((CcalApiError) error->code)
        {
        case CCAL_API_ERROR_UNAUTHORIZED:
          field = FIELD_API_KEY;
          message = g_strdup (_("The server refused this key. Check that it was copied in full "
                                "and has not been revoked."));
          break;
        case CCAL_API_ERROR_FORBIDDEN:
          field = FIELD_API_KEY;
          message = g_strdup (_("This key may not use the calendar. Ask your administrator for a staff or admin key."));
          break;
        case CCAL_API_ERROR_NETWORK:
          message = g_strdup_printf (_("Could not reach %s. Check the address and your network connection."),
                                     self->pending_url);
          break;
        case CCAL_API_ERROR_TIMEOUT:
          message = g_strdup_printf (_("%s did not answer in time. Try again in a moment."), self->pending_url);
          break;
        case CCAL_API_ERROR_TLS:
          message = g_strdup (_("The server’s certificate could not be verified, so the connection would not be "
                                "private. Check the address with your administrator."));
          break;
        case CCAL_API_ERROR_UNAVAILABLE:
        case CCAL_API_ERROR_SERVER_ERROR:
        case CCAL_API_ERROR_RATE_LIMITED:
          message = g_strdup (_("The server is there but cannot answer right now. Try again in a moment."));
          break;
        case CCAL_API_ERROR_NOT_FOUND:
        case CCAL_API_ERROR_INVALID_RESPONSE:
        case CCAL_API_ERROR_INVALID_REQUEST:
        case CCAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE:
          message = g_strdup_printf (_("%s does not answer like a CustomerConnects Calendar server. "
                                       "Check the address."), self->pending_url);
          break;
        case CCAL_API_ERROR_INVALID_URL:
        case CCAL_API_ERROR_INSECURE_URL:
        case CCAL_API_ERROR_SLOT_UNAVAILABLE:
        case CCAL_API_ERROR_CONFLICT:
        case CCAL_API_ERROR_VERSION_CONFLICT:
        case CCAL_API_ERROR_SYNC_TOKEN_EXPIRED:
        case CCAL_API_ERROR_PAYLOAD_TOO_LARGE:
        case CCAL_API_ERROR_IDEMPOTENCY_KEY_REUSED:
        default:
          break;
        }
    }
  if (message == NULL)
    message = g_strdup (error->message);

  clear_pending (self);
  set_busy (self, FALSE);
  show_error (self, field, message);
}

void
ccal_welcome_page_connect (CcalWelcomePage *self)
{
  g_autoptr (CcalApiClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (CCAL_IS_WELCOME_PAGE (self));

  if (self->busy)
    return;

  clear_error (self);
  clear_pending (self);

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  if (url[0] == '\0')
    {
      show_error (self, FIELD_SERVER_URL,
                  _("Enter the server address your administrator gave you, such as https://calendar.example.com."));
      return;
    }
  /* People type host names: "calendar.example.com" means https. */
  if (strstr (url, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("https://", url, NULL);

      g_free (url);
      url = with_scheme;
    }

  client = ccal_api_client_new (url, key[0] != '\0' ? key : NULL, &error);
  if (client == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_INSECURE_URL))
        message = g_strdup (_("This address starts with http://, so the key would travel unencrypted. "
                              "Use the https:// address of the server."));
      else
        message = g_strdup_printf (_("“%s” is not a server address. Enter one such as https://calendar.example.com."),
                                   gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
      show_error (self, FIELD_SERVER_URL, message);
      return;
    }

  if (key[0] == '\0')
    {
      show_error (self, FIELD_API_KEY, _("Enter the API key your administrator gave you."));
      return;
    }

  self->pending_url = g_strdup (ccal_api_client_get_base_url (client));
  self->pending_key = g_steal_pointer (&key);
  set_busy (self, TRUE);
  ccal_api_client_get_me_async (client, self->cancellable, on_check_me_cb, g_object_ref (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ccal_welcome_page_connect (CCAL_WELCOME_PAGE (widget));
}

static void
keep_for_session_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CcalWelcomePage *self = CCAL_WELCOME_PAGE (widget);

  if (self->pending_url == NULL || self->pending_key == NULL || self->pending_me == NULL)
    return;

  ccal_credentials_keep_for_session (self->pending_url, guess_credential_kind (self->pending_key),
                                     self->pending_key);
  finish_sign_in (self, FALSE);
}

static void
use_local_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CcalWelcomePage *self = CCAL_WELCOME_PAGE (widget);

  if (self->busy)
    return;
  clear_error (self);
  clear_pending (self);
  g_signal_emit (self, signals[USE_LOCAL], 0);
}

static void
on_server_row_entry_activated_cb (CcalWelcomePage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
}

static void
on_key_row_entry_activated_cb (CcalWelcomePage *self)
{
  ccal_welcome_page_connect (self);
}

static void
on_row_changed_cb (CcalWelcomePage *self)
{
  /* An error about what was typed goes once the person edits it; a pending keyring choice stays. */
  if (self->error_field != NULL && g_strcmp0 (self->error_field, FIELD_KEYRING) != 0)
    clear_error (self);
  else if (g_strcmp0 (self->error_field, FIELD_KEYRING) == 0 && !self->busy)
    {
      clear_error (self);
      clear_pending (self);
    }
}

static void
ccal_welcome_page_dispose (GObject *object)
{
  CcalWelcomePage *self = CCAL_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (ccal_welcome_page_parent_class)->dispose (object);
}

static void
ccal_welcome_page_finalize (GObject *object)
{
  CcalWelcomePage *self = CCAL_WELCOME_PAGE (object);

  clear_pending (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error_field, g_free);

  G_OBJECT_CLASS (ccal_welcome_page_parent_class)->finalize (object);
}

static void
ccal_welcome_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CcalWelcomePage *self = CCAL_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, ccal_welcome_page_get_server_url (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_welcome_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CcalWelcomePage *self = CCAL_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      ccal_welcome_page_set_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_welcome_page_class_init (CcalWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_welcome_page_dispose;
  object_class->finalize = ccal_welcome_page_finalize;
  object_class->get_property = ccal_welcome_page_get_property;
  object_class->set_property = ccal_welcome_page_set_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CcalWelcomePage::signed-in:
   * @base_url: the server, as the client spells it
   * @token: the checked key (wiped after the emission: copy it)
   * @me: who the key belongs to (CcalMe)
   * @saved: TRUE when the key is in the keyring, FALSE when kept for this run only
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  CCAL_TYPE_ME | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_BOOLEAN);

  /**
   * CcalWelcomePage::use-local:
   *
   * "Use a calendar on this computer" was chosen.
   */
  signals[USE_LOCAL] =
    g_signal_new ("use-local",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/customerconnects/Calendar/ccal-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalWelcomePage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CcalWelcomePage, server_row);
  gtk_widget_class_bind_template_child (widget_class, CcalWelcomePage, key_row);
  gtk_widget_class_bind_template_child (widget_class, CcalWelcomePage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CcalWelcomePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CcalWelcomePage, keep_button);
  gtk_widget_class_bind_template_child (widget_class, CcalWelcomePage, connect_stack);
  gtk_widget_class_bind_template_child (widget_class, CcalWelcomePage, connect_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_server_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed_cb);

  gtk_widget_class_install_action (widget_class, "welcome.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "welcome.keep-for-session", NULL, keep_for_session_action);
  gtk_widget_class_install_action (widget_class, "welcome.use-local", NULL, use_local_action);

  gtk_widget_class_set_css_name (widget_class, "welcomepage");
}

static void
ccal_welcome_page_init (CcalWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
ccal_welcome_page_new (void)
{
  return g_object_new (CCAL_TYPE_WELCOME_PAGE, NULL);
}

const char *
ccal_welcome_page_get_server_url (CcalWelcomePage *self)
{
  g_return_val_if_fail (CCAL_IS_WELCOME_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->server_row));
}

void
ccal_welcome_page_set_server_url (CcalWelcomePage *self,
                                  const char      *server_url)
{
  g_return_if_fail (CCAL_IS_WELCOME_PAGE (self));

  if (g_strcmp0 (server_url, ccal_welcome_page_get_server_url (self)) == 0)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url != NULL ? server_url : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

void
ccal_welcome_page_set_api_key (CcalWelcomePage *self,
                               const char      *api_key)
{
  g_return_if_fail (CCAL_IS_WELCOME_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->key_row), api_key != NULL ? api_key : "");
}

void
ccal_welcome_page_set_notice (CcalWelcomePage *self,
                              const char      *notice)
{
  g_return_if_fail (CCAL_IS_WELCOME_PAGE (self));

  gtk_label_set_label (self->notice_label, notice);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL && notice[0] != '\0');
}

const char *
ccal_welcome_page_get_error (CcalWelcomePage *self)
{
  g_return_val_if_fail (CCAL_IS_WELCOME_PAGE (self), NULL);

  return self->error_field != NULL ? gtk_label_get_label (self->error_label) : NULL;
}

const char *
ccal_welcome_page_get_error_field (CcalWelcomePage *self)
{
  g_return_val_if_fail (CCAL_IS_WELCOME_PAGE (self), NULL);

  return self->error_field;
}

gboolean
ccal_welcome_page_get_busy (CcalWelcomePage *self)
{
  g_return_val_if_fail (CCAL_IS_WELCOME_PAGE (self), FALSE);

  return self->busy;
}

void
ccal_welcome_page_reset (CcalWelcomePage *self)
{
  g_return_if_fail (CCAL_IS_WELCOME_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, FALSE);
  clear_error (self);
  clear_pending (self);
  ccal_welcome_page_set_notice (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
}
