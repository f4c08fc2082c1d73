import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseServer } from './database-server';
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
      useFactory: (server: DatabaseServer) => ({ ...typeOrmOptions(server.url), migrationsRun: true }),
    }),
  ],
})
export class DatabaseModule {}
