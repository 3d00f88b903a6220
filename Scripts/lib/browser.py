"""Headless Chromium through Selenium, for the checks: the one set-up they share.

The driver is Debian's /usr/bin/chromedriver, so Selenium never tries to download one.
"""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def chromium(*flags):
    """A headless Chromium driver; `flags` are added to the usual ones."""
    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars") + flags:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
