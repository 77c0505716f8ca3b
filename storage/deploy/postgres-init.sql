-- Run once by the postgres image on an empty volume (compose.yaml). The pipeline database `sohoa`
-- comes from POSTGRES_DB; sector databases are created by sohoa on first use.
CREATE DATABASE prefect OWNER sohoa;
