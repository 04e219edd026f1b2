/* ccal-dashboard.c — the Admin Dashboard tab: bookings (list and details), availability, analytics
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stack of three sections under a switcher. Each section's page reads the account's cache and
 * talks to its client and sync engine itself; the dashboard only builds the pages (availability and
 * analytics the first time they are shown, so opening the window does not pay for them), connects
 * the bookings list to the details pane, and hides what the signed-in role may not use.
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ccal-analytics-page.h"
#include "ccal-availability-page.h"
#include "ccal-booking-details.h"
#include "ccal-bookings-page.h"
#include "ccal-dashboard.h"

struct _CcalDashboard
{
  GtkWidget     parent_instance;

  CcalAccount  *account;
  GSettings    *settings;
  char         *timezone;

  GtkWidget    *box;
  GtkWidget    *switcher;
  GtkStack     *stack;
  GtkWidget    *bookings_page;
  GtkWidget    *details;
  AdwBin       *availability_bin;
  AdwBin       *analytics_bin;
};

G_DEFINE_FINAL_TYPE (CcalDashboard, ccal_dashboard, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_SECTION,
  PROP_TIMEZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_admin (CcalDashboard *self)
{
  const CcalMe *me = ccal_account_get_me (self->account);

  return me != NULL && me->role == CCAL_ROLE_ADMIN;
}

/* Builds the page of a lazily made section when it is first needed. */
static GtkWidget *
ensure_page (CcalDashboard *self,
             AdwBin        *bin)
{
  GtkWidget *page = adw_bin_get_child (bin);

  if (page != NULL)
    return page;
  if (bin == self->availability_bin)
    page = GTK_WIDGET (ccal_availability_page_new (self->account));
  else
    {
      page = GTK_WIDGET (ccal_analytics_page_new (self->account));
      /* Figures in the zone the calendar is shown in, like the rest of the window. */
      g_object_bind_property (self, "timezone", page, "timezone", G_BINDING_SYNC_CREATE);
    }
  adw_bin_set_child (bin, page);
  return page;
}

static void
update_role (CcalDashboard *self)
{
  gboolean admin = is_admin (self);

  /* Staff keep the bookings; the other sections would only show the server's refusal. */
  gtk_stack_page_set_visible (gtk_stack_get_page (self->stack, GTK_WIDGET (self->availability_bin)), admin);
  gtk_stack_page_set_visible (gtk_stack_get_page (self->stack, GTK_WIDGET (self->analytics_bin)), admin);
  gtk_widget_set_visible (self->switcher, admin);
}

static void
on_visible_child_cb (CcalDashboard *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  if (child == GTK_WIDGET (self->availability_bin) && adw_bin_get_child (self->availability_bin) != NULL)
    /* What changed in the calendar meanwhile; unsaved hours and settings stay as typed. */
    ccal_availability_page_reload (CCAL_AVAILABILITY_PAGE (adw_bin_get_child (self->availability_bin)));
  else if (child == GTK_WIDGET (self->availability_bin) || child == GTK_WIDGET (self->analytics_bin))
    ensure_page (self, ADW_BIN (child));
  /* Not while the pages are being added: only a section someone chose is remembered. */
  if (self->settings != NULL && child != NULL)
    g_settings_set_string (self->settings, "dashboard-section", gtk_stack_get_visible_child_name (self->stack));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

static void
on_booking_selected_cb (CcalDashboard *self,
                        const char    *booking_id)
{
  ccal_booking_details_set_booking_id (CCAL_BOOKING_DETAILS (self->details), booking_id);
}

static void
ccal_dashboard_constructed (GObject *object)
{
  CcalDashboard *self = CCAL_DASHBOARD (object);
  GtkWidget *paned;

  G_OBJECT_CLASS (ccal_dashboard_parent_class)->constructed (object);

  self->bookings_page = GTK_WIDGET (ccal_bookings_page_new (self->account));
  self->details = GTK_WIDGET (ccal_booking_details_new (self->account));
  g_signal_connect_object (self->bookings_page, "booking-selected", G_CALLBACK (on_booking_selected_cb), self,
                           G_CONNECT_SWAPPED);

  /* The list takes the room; the details keep a readable width and can be made wider. */
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), self->bookings_page);
  gtk_paned_set_end_child (GTK_PANED (paned), self->details);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_size_request (self->details, 340, -1);

  gtk_stack_add_titled (self->stack, paned, "bookings", _("Bookings"));
  gtk_stack_add_titled (self->stack, GTK_WIDGET (self->availability_bin), "availability", _("Availability"));
  gtk_stack_add_titled (self->stack, GTK_WIDGET (self->analytics_bin), "analytics", _("Analytics"));

  g_signal_connect_object (self->account, "notify::me", G_CALLBACK (update_role), self, G_CONNECT_SWAPPED);
  update_role (self);

  {
    g_autoptr (GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *section = g_settings_get_string (settings, "dashboard-section");

    ccal_dashboard_set_section (self, section);
    self->settings = g_steal_pointer (&settings);
  }
}

static void
ccal_dashboard_dispose (GObject *object)
{
  CcalDashboard *self = CCAL_DASHBOARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->account);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->timezone, g_free);

  G_OBJECT_CLASS (ccal_dashboard_parent_class)->dispose (object);
}

static void
ccal_dashboard_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CcalDashboard *self = CCAL_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_SECTION:
      g_value_set_string (value, ccal_dashboard_get_section (self));
      break;

    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_dashboard_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CcalDashboard *self = CCAL_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_SECTION:
      ccal_dashboard_set_section (self, g_value_get_string (value));
      break;

    case PROP_TIMEZONE:
      if (g_strcmp0 (self->timezone, g_value_get_string (value)) != 0)
        {
          g_free (self->timezone);
          self->timezone = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_dashboard_class_init (CcalDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ccal_dashboard_constructed;
  object_class->dispose = ccal_dashboard_dispose;
  object_class->get_property = ccal_dashboard_get_property;
  object_class->set_property = ccal_dashboard_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CCAL_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "bookings",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The IANA zone the window shows the calendar in (analytics buckets follow it). */
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ccaldashboard");
}

static void
ccal_dashboard_init (CcalDashboard *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (on_visible_child_cb), self,
                           G_CONNECT_SWAPPED);

  self->switcher = gtk_stack_switcher_new ();
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (self->switcher), self->stack);
  gtk_widget_set_halign (self->switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->switcher, 6);
  gtk_widget_set_margin_bottom (self->switcher, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->switcher),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dashboard sections"), -1);

  gtk_box_append (GTK_BOX (self->box), self->switcher);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  self->availability_bin = ADW_BIN (adw_bin_new ());
  self->analytics_bin = ADW_BIN (adw_bin_new ());
}

GtkWidget *
ccal_dashboard_new (CcalAccount *account)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);

  return g_object_new (CCAL_TYPE_DASHBOARD, "account", account, NULL);
}

CcalAccount *
ccal_dashboard_get_account (CcalDashboard *self)
{
  g_return_val_if_fail (CCAL_IS_DASHBOARD (self), NULL);

  return self->account;
}

const char *
ccal_dashboard_get_section (CcalDashboard *self)
{
  g_return_val_if_fail (CCAL_IS_DASHBOARD (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
ccal_dashboard_set_section (CcalDashboard *self,
                            const char    *section)
{
  GtkWidget *child;

  g_return_if_fail (CCAL_IS_DASHBOARD (self));
  g_return_if_fail (section != NULL);

  child = gtk_stack_get_child_by_name (self->stack, section);
  if (child == NULL || !gtk_stack_page_get_visible (gtk_stack_get_page (self->stack, child)))
    return;
  gtk_stack_set_visible_child (self->stack, child);
}

GtkWidget *
ccal_dashboard_get_page (CcalDashboard *self,
                         const char    *section)
{
  g_return_val_if_fail (CCAL_IS_DASHBOARD (self), NULL);
  g_return_val_if_fail (section != NULL, NULL);

  if (g_str_equal (section, "bookings"))
    return self->bookings_page;
  if (g_str_equal (section, "availability"))
    return ensure_page (self, self->availability_bin);
  if (g_str_equal (section, "analytics"))
    return ensure_page (self, self->analytics_bin);
  return NULL;
}

GtkWidget *
ccal_dashboard_get_details (CcalDashboard *self)
{
  g_return_val_if_fail (CCAL_IS_DASHBOARD (self), NULL);

  return self->details;
}
