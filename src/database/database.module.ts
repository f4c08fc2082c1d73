import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseServer } from './database-server';
import { DataSource, DataSourceOptions } from 'typeorm';
import { withStartUpLock } from './start-up-lock';
import { typeOrmOptions } from './typeorm-options';

@Global()
@Module({
  providers: [{ provide: DatabaseServer, inject: [ConfigService], useFactory: DatabaseServer.connect }],
  exports: [DatabaseServer],
})
class DatabaseServerModule {}

@Module({
  imports: [
    DatabaseServerModule,
    TypeOrmModule.forRootAsync({
      inject: [DatabaseServer],
      useFactory: (server: DatabaseServer) => typeOrmOptions(server.url),
      // Migrations under the start-up advisory lock: instances started at once on one database wait for each other.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options as DataSourceOptions).initialize();
        try {
          await withStartUpLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
