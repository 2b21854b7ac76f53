import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type User } from './user.entity';
import { UsersRepository } from './users.repository';

/** Reads of users outside any transaction: each passes the global manager on purpose. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: UsersRepository,
  ) {}

  findActiveByUsername(username: string): Promise<User | null> {
    return this.repository.findByUsername(this.dataSource.manager, username, true);
  }

  /** Active or not: sign-in tells a locked account apart only once its password is right. */
  findByUsername(username: string): Promise<User | null> {
    return this.repository.findByUsername(this.dataSource.manager, username, false);
  }

  findById(id: string): Promise<User | null> {
    return this.repository.findById(this.dataSource.manager, id);
  }

  findByIds(ids: readonly string[]): Promise<User[]> {
    return this.repository.findByIds(this.dataSource.manager, ids);
  }
}
