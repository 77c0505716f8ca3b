#!/bin/sh
# Start PostgreSQL 15 and MariaDB for the storage tests (idempotent), create the test role and
# databases, and print the URLs to export. Run as root on the Debian test machine:
#   eval "$(scripts/start-test-servers.sh)"
# The test password is for the throw-away local servers only; override with SOHOA_TEST_DB_PASSWORD.
set -eu

USER_NAME=sohoa
PASSWORD=${SOHOA_TEST_DB_PASSWORD:-sohoa_test_pw}
DB=sohoa_test

log() { echo "$*" >&2; }

# --- PostgreSQL -----------------------------------------------------------------------------------
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "starting PostgreSQL 15"
    pg_ctlcluster --skip-systemctl-redirect 15 main start >&2 || true
fi
i=0
until pg_isready -q -h 127.0.0.1 -p 5432; do
    i=$((i + 1)); [ $i -gt 60 ] && { log "PostgreSQL did not start"; exit 1; }
    sleep 0.5
done
su postgres -c "psql -q -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$USER_NAME') THEN
    CREATE ROLE $USER_NAME LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $USER_NAME LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB OWNER $USER_NAME' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB')\gexec
SQL

# --- MariaDB --------------------------------------------------------------------------------------
if ! mysqladmin ping --silent >/dev/null 2>&1; then
    log "starting MariaDB"
    install -d -o mysql -g mysql /run/mysqld
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
fi
i=0
until mysqladmin ping --silent >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -gt 60 ] && { log "MariaDB did not start"; exit 1; }
    sleep 0.5
done
# `sohoa\_%` lets the test user create per-test / per-sector databases named sohoa_*.
mysql -u root >&2 <<SQL
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$PASSWORD';
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
ALTER USER '$USER_NAME'@'localhost' IDENTIFIED BY '$PASSWORD';
ALTER USER '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL PRIVILEGES ON \`sohoa\\_%\`.* TO '$USER_NAME'@'localhost';
GRANT ALL PRIVILEGES ON \`sohoa\\_%\`.* TO '$USER_NAME'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL

echo "export SOHOA_TEST_PG_URL=postgresql+psycopg://$USER_NAME:$PASSWORD@127.0.0.1:5432/$DB"
echo "export SOHOA_TEST_MARIADB_URL=mysql+pymysql://$USER_NAME:$PASSWORD@127.0.0.1:3306/$DB"
