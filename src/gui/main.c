/* main.c — starts customerconnects-calendar
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ccal-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (CcalApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = ccal_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
